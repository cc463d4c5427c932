namespace MlNetSr.Trainer.Onnx;

/// <summary>The <c>metadata_props</c> keys an exported model carries (docs/TRAINER.md, "ONNX export").</summary>
public static class OnnxMetadataKeys
{
    /// <summary>"edsr" or "mdsr".</summary>
    public const string Architecture = "mlnetsr.architecture";

    /// <summary>B, residual blocks in the body.</summary>
    public const string Blocks = "mlnetsr.blocks";

    /// <summary>F, feature channels.</summary>
    public const string Features = "mlnetsr.features";

    /// <summary>Residual scaling (invariant culture, e.g. "1" or "0.1").</summary>
    public const string ResScale = "mlnetsr.res_scale";

    /// <summary>The scale this graph upscales by.</summary>
    public const string Scale = "mlnetsr.scale";

    /// <summary>All scales of the checkpoint, comma-separated (MDSR: one exported graph per scale).</summary>
    public const string Scales = "mlnetsr.scales";

    /// <summary>Pixel range of input and output: "0-255".</summary>
    public const string PixelRange = "mlnetsr.pixel_range";

    /// <summary>The RGB mean the model subtracts and adds back, as fractions of 255: "0.4488,0.4371,0.4040".</summary>
    public const string RgbMean = "mlnetsr.rgb_mean";

    /// <summary>⌈receptive-field radius⌉ in LR pixels: the per-side context a tiler needs for exact results.</summary>
    public const string ReceptiveFieldLr = "mlnetsr.receptive_field_lr";

    /// <summary>Where the weights came from (checkpoint path or a description).</summary>
    public const string Source = "mlnetsr.source";

    /// <summary>Version of this metadata layout: "1".</summary>
    public const string FormatVersion = "mlnetsr.format_version";
}
