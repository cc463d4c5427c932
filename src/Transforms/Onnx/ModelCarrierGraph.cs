using System.Buffers.Binary;

namespace MlNetSr.Onnx;

/// <summary>
/// A tiny ONNX graph that carries an SR model and its engine settings as constants, so that ML.NET's ApplyOnnxModel
/// (which stores its ONNX bytes in a saved pipeline) keeps them in <c>mlContext.Model.Save</c>'s zip. Run on any
/// row, it returns the SR model's bytes (uint8 [L]) and the settings (int64 [k]); the tiled engine in the next
/// pipeline part reads them (docs/ARCHITECTURE.md, "Apply in an ML.NET pipeline"). Its one input (the image size) is
/// only there because ApplyOnnxModel needs an input column; nothing reads it.
/// </summary>
internal static class ModelCarrierGraph
{
    public const string SizeInput = "mlnetsr_image_size";
    public const string ModelOutput = "mlnetsr_model";
    public const string SettingsOutput = "mlnetsr_settings";
    private const string ModelConstant = "mlnetsr_model_bytes", SettingsConstant = "mlnetsr_settings_values";

    private const int UInt8Type = 2, Int64Type = 7;
    private const long IrVersion = 8, Opset = 17;

    public static byte[] Build(ReadOnlyMemory<byte> model, long[] settings)
    {
        var settingsBytes = new byte[settings.Length * 8];
        for (int i = 0; i < settings.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(settingsBytes.AsSpan(i * 8), settings[i]);
        var graph = new ProtobufWriter()
            .Message(1, Node("Identity", ModelConstant, ModelOutput))
            .Message(1, Node("Identity", SettingsConstant, SettingsOutput))
            .String(2, "mlnetsr_model_carrier")
            .Message(5, Tensor(ModelConstant, UInt8Type, model.Length, model))
            .Message(5, Tensor(SettingsConstant, Int64Type, settings.Length, settingsBytes))
            .Message(11, ValueInfo(SizeInput, Int64Type, 2L))
            .Message(12, ValueInfo(ModelOutput, UInt8Type, "model_length"))
            .Message(12, ValueInfo(SettingsOutput, Int64Type, (long)settings.Length));
        return new ProtobufWriter()
            .Int64(1, IrVersion)
            .String(2, "MlNetSr")
            .Message(7, graph)
            .Message(8, new ProtobufWriter().String(1, "").Int64(2, Opset))
            .ToArray();
    }

    private static ProtobufWriter Node(string op, string input, string output) =>
        new ProtobufWriter().String(1, input).String(2, output).String(3, "mlnetsr_" + output).String(4, op);

    private static ProtobufWriter Tensor(string name, int elementType, long length, ReadOnlyMemory<byte> raw) =>
        new ProtobufWriter().Int64(1, length).Int64(2, elementType).String(8, name).Bytes(9, raw);

    // A one-dimensional tensor type: a long is a fixed size, a string a symbolic one.
    private static ProtobufWriter ValueInfo(string name, int elementType, object dim)
    {
        var dimension = dim is long size ? new ProtobufWriter().Int64(1, size) : new ProtobufWriter().String(2, (string)dim);
        var tensorType = new ProtobufWriter().Int64(1, elementType).Message(2, new ProtobufWriter().Message(1, dimension));
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
