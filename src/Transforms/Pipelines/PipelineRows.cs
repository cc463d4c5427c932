using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetSr.Pipelines;

// Row classes of MlNetSr's CustomMapping parts. Public because ML.NET generates accessors for them when a saved
// model is loaded; not meant for direct use.

/// <summary>An image going into a pipeline part.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageInputRow
{
    [ColumnName(PipelineColumns.Image)]
    public MLImage? Image { get; set; }
}

/// <summary>A finished image coming out of a pipeline part.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageResultRow
{
    [ColumnName(PipelineColumns.Result)]
    public MLImage? Result { get; set; }
}

/// <summary>An image as network input: planar RGB floats in [0, 255] and the NCHW shape [1, 3, H, W].</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkInputRow
{
    [ColumnName(PipelineColumns.Pixels), VectorType]
    public float[] Pixels { get; set; } = [];

    [ColumnName(PipelineColumns.Shape), VectorType(4)]
    public long[] Shape { get; set; } = new long[4];
}

/// <summary>The network's output: planar RGB floats and their NCHW shape.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkOutputRow
{
    [ColumnName(PipelineColumns.ResultPixels), VectorType]
    public float[] Pixels { get; set; } = [];

    [ColumnName(PipelineColumns.ResultShape), VectorType(4)]
    public long[] Shape { get; set; } = new long[4];
}
