namespace MlNetSr.Quantization;

/// <summary>
/// What calibration learned about a model: the uint8 range of every activation tensor that feeds or leaves a
/// convolution, by tensor name. One calibration serves any choice of layers kept in float32.
/// </summary>
/// <param name="Ranges">tensor name -> range</param>
/// <param name="Patches">LR patches the ranges were measured on</param>
/// <param name="Images">calibration images used</param>
public sealed record Int8Calibration(IReadOnlyDictionary<string, ActivationRange> Ranges, int Patches, int Images);
