using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>Anything that turns an LR image into an image <c>scale</c> times larger: bicubic, an ONNX model, ...</summary>
public interface IUpscaler
{
    /// <summary>Short name for reports ("bicubic", a model file name).</summary>
    string Name { get; }

    /// <summary>Whether this upscaler can produce the given scale.</summary>
    bool Supports(int scale);

    /// <summary>Returns an image exactly scale*W x scale*H, 8-bit (rounded and clamped).</summary>
    ByteImage Upscale(ByteImage lowResolution, int scale);
}
