using MlNetSr.Imaging;

namespace MlNetSr.Trainer.Training;

/// <summary>One training image at one scale: the mod-cropped RGB HR image and its RGB LR image, exactly scale times smaller.</summary>
public sealed record TrainingPair(string Name, ByteImage HighResolution, ByteImage LowResolution, int Scale);
