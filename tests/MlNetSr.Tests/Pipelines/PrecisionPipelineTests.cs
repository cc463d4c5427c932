using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Metrics;
using MlNetSr.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

/// <summary><see cref="SuperResolutionOptions.Precision"/> through an ML.NET pipeline: the embedded int8 model is the
/// one that runs, tiled like the engine, kept by Model.Save/Load, and Auto follows this machine's CPU.</summary>
public class PrecisionPipelineTests : IDisposable
{
    private readonly MLContext ml = new(seed: 1);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-precision-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private (string File, IDataView Data) Butterfly()
    {
        string file = PipelineFixture.WriteLowResolution(folder, [Path.Combine(TestData.Benchmark("Set5"), "butterfly.png")], 2)[0];
        return (file, PipelineFixture.Paths(ml, [file]));
    }

    private ITransformer Fit(IDataView data, Precision precision) =>
        ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "SuperResolved", InputColumnName = "Image", Scale = 2, Precision = precision, TileSize = 96 }))
            .Fit(data);

    private static ByteImage Output(ITransformer model, IDataView data) =>
        PipelineFixture.Bytes(model.Transform(data).GetColumn<MLImage>("SuperResolved").Single());

    private static ByteImage Engine(string file, Precision precision)
    {
        var cpu = new InferenceOptions { Device = ExecutionDevice.Cpu, TileSize = 96 };
        using var resolver = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(2, precision), precision.ToString(), cpu, 2), cpu, ownsModel: true);
        return resolver.Upscale(ImageFile.Read(file), 2);
    }

    [DataFact]
    public void Int8_runs_the_embedded_int8_model_keeps_it_through_save_and_load_and_stays_close_to_float32()
    {
        var (file, data) = Butterfly();
        var int8Model = Fit(data, Precision.Int8);
        var int8 = Output(int8Model, data);
        var float32 = Output(Fit(data, Precision.Float32), data);

        Assert.Equal(Engine(file, Precision.Int8).Data, int8.Data);
        Assert.NotEqual(float32.Data, int8.Data); // it really is the other model
        var rgb = new EvaluationProtocol { Channel = EvaluationChannel.Rgb, Shave = 0 };
        double psnr = ImageQuality.Measure(float32, int8, 2, rgb).Psnr;
        Assert.InRange(psnr, 40, 80); // bench/results/int8-speed.md: ~48 dB between the two on photographs

        string zip = Path.Combine(folder, "int8.zip");
        ml.Model.Save(int8Model, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(zip, out _);
        Assert.Equal(int8.Data, Output(loaded, PipelineFixture.Paths(fresh, [file])).Data);
    }

    [DataFact]
    public void Auto_runs_int8_exactly_where_this_CPU_has_VNNI()
    {
        var (file, data) = Butterfly();
        var expected = PrecisionChoice.CpuHasVnni ? Precision.Int8 : Precision.Float32;
        Assert.Equal(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Cpu), expected);
        Assert.Equal(Engine(file, expected).Data, Output(Fit(data, Precision.Auto), data).Data);
    }
}
