using Microsoft.ML.OnnxRuntime;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Quantization;
using MlNetSr.Tests.Inference;
using Xunit;

namespace MlNetSr.Tests.Quantization;

/// <summary>The quantizer on the seeded random EDSR (B=2, F=16) of Fixtures/onnx, calibrated on a few T91 images.</summary>
public class Int8QuantizerTests
{
    // The PyTorch export shares the mean-shift weight, so add_mean's weight is no initializer of its own: it stays float32.
    private static readonly Int8QuantizerOptions Small = new() { MaxImages = 3, PatchSize = 32, FloatLayers = ["/add_mean/Conv"] };

    [DataFact]
    public void QuantizingTheSameModelTwiceGivesTheSameBytes()
    {
        var model = File.ReadAllBytes(InferenceFixtures.Model(2));
        var first = Int8Quantizer.Quantize(model, TestData.Train("T91"), Small);
        var second = Int8Quantizer.Quantize(model, TestData.Train("T91"), Small);
        Assert.Equal(first, second);
        // A different patch seed gives other ranges, so the equality above is not vacuous.
        Assert.NotEqual(first, Int8Quantizer.Quantize(model, TestData.Train("T91"), Small with { Seed = Small.Seed + 1 }));
    }

    [DataFact]
    public void OutputIsAValidQdqModelThatOnnxRuntimeFusesIntoInt8Convolutions()
    {
        var model = File.ReadAllBytes(InferenceFixtures.Model(2));
        var quantized = Int8Quantizer.Quantize(model, TestData.Train("T91"), Small);

        var parts = OnnxGraphParts.Parse(quantized);
        int convs = Int8Quantizer.ConvLayers(model).Count, int8Convs = convs - Small.FloatLayers.Count;
        Assert.Equal(convs, parts.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(int8Convs, parts.Initializers.Count(i => i.DataType == OnnxTensorPart.Int8 && i.Dims.Count == 4));
        Assert.DoesNotContain(parts.Nodes, n => n.OpType == "Relu"); // folded into the output quantization

        string optimized = Path.Combine(Path.GetTempPath(), $"mlnetsr-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized })
            using (new InferenceSession(quantized, options)) { }
            var ops = OnnxGraphParts.Parse(File.ReadAllBytes(optimized)).Nodes.Select(n => n.OpType).ToList();
            Assert.Equal(int8Convs, ops.Count(op => op == "QLinearConv"));
            Assert.Equal(Small.FloatLayers.Count, ops.Count(op => op == "Conv"));
        }
        finally { File.Delete(optimized); }

        // It runs and stays close to the float32 model on an image (a random network: loose bound, exactness is elsewhere).
        var input = InferenceFixtures.OddImage(23, 19);
        var planes = Array.ConvertAll(input.Data, b => (float)b);
        using var fp32 = SrOnnxModel.Load(model, "fp32", new InferenceOptions { Device = ExecutionDevice.Cpu });
        using var int8 = SrOnnxModel.Load(quantized, "int8", new InferenceOptions { Device = ExecutionDevice.Cpu });
        var a = fp32.Run(planes, 1, 19, 23);
        var b = int8.Run(planes, 1, 19, 23);
        double range = a.Max() - a.Min();
        double rms = Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average());
        Assert.True(rms < 0.05 * range, $"int8 differs from float32 by rms {rms:F3} (output range {range:F1})");
        Assert.Contains(QdqModelWriter.MetadataKey, int8.Metadata.Keys);
    }

    [DataFact]
    public void DepthToSpaceShufflesTheUint8TensorAndIsDequantizedAfter()
    {
        // Dequantizing the upsampler's wide output and shuffling it in float32 was the int8 graph's largest serial cost.
        var fixture = Int8Quantizer.Quantize(File.ReadAllBytes(InferenceFixtures.Model(2)), TestData.Train("T91"), Small);
        foreach (var (name, bytes) in new[] { ("fixture x2", fixture), ("embedded x2", DefaultModels.Get(2, Precision.Int8)), ("embedded x4", DefaultModels.Get(4, Precision.Int8)) })
        {
            var nodes = OnnxGraphParts.Parse(bytes).Nodes;
            var shuffles = nodes.Where(n => n.OpType == "DepthToSpace").ToList();
            Assert.NotEmpty(shuffles);
            foreach (var shuffle in shuffles)
            {
                Assert.True(nodes.Single(n => n.Outputs.Contains(shuffle.Inputs[0])).OpType == "QuantizeLinear", $"{name}: {shuffle.Name} reads float");
                Assert.All(nodes.Where(n => n.Inputs.Contains(shuffle.Outputs[0])), n => Assert.Equal("DequantizeLinear", n.OpType));
            }
        }
    }

    [DataFact]
    public void AFloatLayerThatIsNotAConvIsNamedInTheError()
    {
        var model = File.ReadAllBytes(InferenceFixtures.Model(2));
        var error = Assert.Throws<ArgumentException>(() =>
            Int8Quantizer.Quantize(model, TestData.Train("T91"), Small with { FloatLayers = ["no.such.layer"] }));
        Assert.Contains("no.such.layer", error.Message);
    }
}
