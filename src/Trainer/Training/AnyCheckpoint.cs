using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Trainer.Training;

/// <summary>Loads a network from whichever checkpoint a user names: a training checkpoint or a weights file.</summary>
public static class AnyCheckpoint
{
    /// <summary>
    /// A training checkpoint (<c>.ckpt</c>, a zip of TorchSharp state) gives its weights; anything else goes through
    /// <see cref="CheckpointFile.Load"/> (an MlNetSr <c>.pt</c> with its sidecar, or any weights file the importer reads).
    /// </summary>
    public static SrNetwork Load(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".ckpt", StringComparison.OrdinalIgnoreCase)) return CheckpointFile.Load(path);
        var network = SrModelFactory.Create(TrainingCheckpoint.ReadState(path).ModelConfig());
        try
        {
            TrainingCheckpoint.LoadModel(path, network);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
