using MlNetSr.Imaging;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>Between <see cref="ByteImage"/> and the network's NCHW float32 [0, 255] tensors.</summary>
public static class ImageTensors
{
    /// <summary>A [1, 3, H, W] tensor; gray images are replicated to RGB.</summary>
    public static Tensor ToTensor(ByteImage image)
    {
        var rgb = image.ToRgb();
        var values = new float[rgb.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = rgb.Data[i];
        return tensor(values, [1, 3, rgb.Height, rgb.Width]);
    }

    /// <summary>The first image of an [N, 3, H, W] tensor, rounded and clamped to 8 bits (SR_SPEC §4.3).</summary>
    public static ByteImage ToImage(Tensor output)
    {
        if (output.dim() != 4 || output.shape[1] != 3)
            throw new ArgumentException($"expected [N,3,H,W], got [{string.Join(",", output.shape)}]", nameof(output));
        int height = (int)output.shape[2], width = (int)output.shape[3];
        using var first = output[0].contiguous().cpu();
        var values = first.data<float>().ToArray();
        var image = new ByteImage(width, height, 3);
        for (int i = 0; i < values.Length; i++)
            image.Data[i] = PixelQuantizer.ToByte(values[i]);
        return image;
    }
}
