using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Onnx;

/// <summary>Runs an exported model with ONNX Runtime's CPU provider on a TorchSharp tensor ("lr" → "sr").</summary>
public static class OrtForward
{
    public static Tensor Run(InferenceSession session, Tensor input)
    {
        float[] data;
        using (var contiguous = input.contiguous()) data = contiguous.data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(data, input.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, ["lr"], [value], ["sr"]);
        var output = results[0];
        return tensor(output.GetTensorDataAsSpan<float>().ToArray()).reshape(output.GetTensorTypeAndShape().Shape);
    }

    /// <summary>max |a − b|, after checking the shapes agree.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new InvalidOperationException($"shape [{string.Join(",", a.shape)}] vs [{string.Join(",", b.shape)}]");
        using var diff = (a - b).abs().max();
        return diff.item<float>();
    }
}
