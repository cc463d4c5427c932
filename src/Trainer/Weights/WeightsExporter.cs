using MlNetSr.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Writes a network's state_dict with the official key names: as a PyTorch zip-format file that
/// <c>model.load_state_dict(torch.load(path))</c> reads, or as safetensors. Files are written atomically.
/// </summary>
public static class WeightsExporter
{
    /// <summary>Writes the state_dict as a PyTorch zip-format file.</summary>
    public static void SavePyTorch(nn.Module network, string path) =>
        AtomicFile.Write(path, stream => network.save_py(stream, null, true));

    /// <summary>Writes the state_dict as a safetensors file.</summary>
    public static void SaveSafetensors(nn.Module network, string path) =>
        AtomicFile.Write(path, stream => network.save_safetensors(stream, null, true));
}
