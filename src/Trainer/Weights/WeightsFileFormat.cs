namespace MlNetSr.Trainer.Weights;

/// <summary>On-disk formats of a state_dict that the importer recognises (by content, not by extension).</summary>
public enum WeightsFileFormat
{
    /// <summary><c>torch.save</c> of PyTorch ≥ 1.6: a zip archive holding <c>data.pkl</c> and the tensor storages.</summary>
    PyTorchZip,

    /// <summary><c>torch.save(..., _use_new_zipfile_serialization=False)</c> and PyTorch ≤ 1.5: a bare pickle stream.</summary>
    PyTorchLegacy,

    /// <summary>safetensors: 8-byte little-endian header length, JSON header, raw tensor data.</summary>
    Safetensors,

    /// <summary>An fp32 ONNX model written by MlNetSr's exporter: initializers named by their state_dict keys.</summary>
    Onnx,
}

/// <summary>Recognises a <see cref="WeightsFileFormat"/> from a file's first bytes.</summary>
public static class WeightsFileFormatDetector
{
    /// <summary>The format of the file at <paramref name="path"/>, from its first 9 bytes.</summary>
    /// <exception cref="InvalidDataException">The file is none of the <see cref="WeightsFileFormat"/> formats.</exception>
    public static WeightsFileFormat Detect(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
            return WeightsFileFormat.PyTorchZip;
        if (read >= 2 && head[0] == 0x80 && head[1] >= 2) // pickle PROTO opcode: the legacy torch.save stream
            return WeightsFileFormat.PyTorchLegacy;
        if (read == 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head[..8]) < (ulong)stream.Length)
            return WeightsFileFormat.Safetensors;
        if (read >= 2 && head[0] == 0x08 && head[1] < 0x80) // ModelProto field 1 (ir_version), a one-byte varint
            return WeightsFileFormat.Onnx;
        throw new InvalidDataException(
            $"{path}: not a PyTorch state_dict (zip or legacy torch.save) nor a safetensors or ONNX file");
    }
}
