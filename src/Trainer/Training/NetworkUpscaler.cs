using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// A TorchSharp network as an <see cref="IUpscaler"/>, for validation during training: one whole-image forward
/// without gradients, output rounded to 8 bits. (Inference for users goes through ONNX Runtime, not this.)
/// </summary>
public sealed class NetworkUpscaler(SrNetwork network) : IUpscaler
{
    /// <inheritdoc/>
    public string Name => network.Config.ToString();

    /// <inheritdoc/>
    public bool Supports(int scale) => network.Config.Scales.Contains(scale);

    /// <inheritdoc/>
    public ByteImage Upscale(ByteImage lowResolution, int scale)
    {
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return ImageTensors.ToImage(network.forward(ChannelsLast.Of(ImageTensors.ToTensor(lowResolution)), scale));
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }
}
