using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetSr.Pipelines;

// Row classes of MlNetSr's CustomMapping parts. Public because ML.NET generates accessors for them when a saved
// model is loaded; not meant for direct use.

/// <summary>An image going into a pipeline part.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageInputRow
{
    /// <summary>The image.</summary>
    [ColumnName(PipelineColumns.Image)]
    public MLImage? Image { get; set; }
}

/// <summary>A finished image coming out of a pipeline part.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageResultRow
{
    /// <summary>The image made.</summary>
    [ColumnName(PipelineColumns.Result)]
    public MLImage? Result { get; set; }
}

/// <summary>An image's [height, width], the carrier graph's (unread) input, and an empty source name.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageSizeRow
{
    /// <summary>[height, width].</summary>
    [ColumnName(PipelineColumns.Size), VectorType(2)]
    public long[] Size { get; set; } = new long[2];

    /// <summary>Empty; a copy of the user's path column replaces it when one is named.</summary>
    [ColumnName(PipelineColumns.Source)]
    public string Source { get; set; } = "";
}

/// <summary>What the tiled upscaling part reads: the image, the SR model's ONNX bytes and the engine settings.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SuperResolveInputRow
{
    /// <summary>The image to upscale.</summary>
    [ColumnName(PipelineColumns.Image)]
    public MLImage? Image { get; set; }

    /// <summary>The image's file, for error messages ("" when not known).</summary>
    [ColumnName(PipelineColumns.Source)]
    public string Source { get; set; } = "";

    /// <summary>The SR model (ONNX bytes).</summary>
    [ColumnName(PipelineColumns.Model), VectorType]
    public byte[] Model { get; set; } = [];

    /// <summary>The engine settings (<see cref="EngineSettings"/>).</summary>
    [ColumnName(PipelineColumns.Settings), VectorType(EngineSettings.Length)]
    public long[] Settings { get; set; } = new long[EngineSettings.Length];
}
