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
    public static void SavePyTorch(nn.Module network, string path) =>
        AtomicFile.Write(path, stream => network.save_py(stream, null, true));

    public static void SaveSafetensors(nn.Module network, string path) =>
        AtomicFile.Write(path, stream => network.save_safetensors(stream, null, true));
}
