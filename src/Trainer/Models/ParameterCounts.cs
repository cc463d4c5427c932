using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models;

/// <summary>Parameter enumeration for optimisers and reports.</summary>
public static class ParameterCounts
{
    /// <summary>The parameters an optimiser should update (MeanShift excluded: it never requires grad).</summary>
    public static IEnumerable<Parameter> TrainableParameters(this nn.Module module) =>
        module.parameters().Where(p => p.requires_grad);

    /// <summary>Scalar count of trainable parameters, e.g. 1,369,859 for EDSR-baseline x2.</summary>
    public static long CountTrainable(this nn.Module module) => module.TrainableParameters().Sum(p => p.numel());

    /// <summary>Scalar count of every parameter, frozen MeanShift included (+24).</summary>
    public static long CountAll(this nn.Module module) => module.parameters().Sum(p => p.numel());
}
