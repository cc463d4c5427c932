using MlNetSr.Evaluation;
using MlNetSr.Inference;
using MlNetSr.Metrics;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Weights;
using Xunit;

namespace MlNetSr.Tests.Inference;

/// <summary>
/// The x8 self-ensemble on a really trained model (the recorded EDSR-baseline x2 run in bench/runs) raises Set5 PSNR,
/// as "EDSR+" does in the paper.
/// </summary>
public sealed class SelfEnsembleGainTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-ensemble-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DataFact]
    public void Self_ensemble_improves_set5_psnr_of_a_trained_model()
    {
        string checkpoint = Path.Combine(TestData.RepositoryRoot, "bench", "runs", "edsr-baseline-x2", "final.pt");
        string onnx = Path.Combine(folder, "x2.onnx");
        using (var network = CheckpointFile.Load(checkpoint)) OnnxExporter.Export(network, onnx, 2, checkpoint);
        using var model = SrOnnxModel.Load(onnx, new InferenceOptions { Device = ExecutionDevice.Cpu });
        var evaluator = new SetEvaluator(EvaluationProtocol.Paper, maxParallelism: 1);
        var plain = evaluator.Evaluate(TestData.Benchmark("Set5"), [2], new SuperResolver(model, new InferenceOptions { TileSize = 512 })).Single();
        var ensemble = evaluator.Evaluate(TestData.Benchmark("Set5"), [2], new SuperResolver(model, new InferenceOptions { TileSize = 512, SelfEnsemble = true })).Single();
        Assert.True(plain.Psnr > 33.66, $"the trained model ({plain.Psnr:F3} dB) should beat bicubic (33.66 dB)");
        Assert.True(ensemble.Psnr > plain.Psnr, $"self-ensemble {ensemble.Psnr:F3} dB vs plain {plain.Psnr:F3} dB");
    }
}
