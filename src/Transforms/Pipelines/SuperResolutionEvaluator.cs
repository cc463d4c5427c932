using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Concurrency;
using MlNetSr.Imaging;
using MlNetSr.Metrics;

namespace MlNetSr.Pipelines;

/// <summary>
/// Scores an image column against a ground-truth column with the foundation's metrics (<see cref="ImageQuality"/>),
/// so a bicubic baseline, any pipeline's output and MlNetSr's models are measured the same way as by
/// <c>mlnetsr evaluate</c>. The ground truth is mod-cropped to the output's size when it is a few pixels larger
/// (the papers' protocol); an image whose channels are all equal is scored as gray, as gray files are by the CLI.
/// </summary>
internal static class SuperResolutionEvaluator
{
    private const string Operation = "Evaluate";

    public static SuperResolutionMetrics Evaluate(IDataView data, string labelColumnName, string scoreColumnName, int scale,
        EvaluationProtocol? protocol, string? nameColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"{Operation}: scale {scale} must be a positive whole number");
        protocol ??= EvaluationProtocol.Paper;
        ImageColumnSchema.Check(data.Schema, labelColumnName, $"{Operation} (label)");
        ImageColumnSchema.Check(data.Schema, scoreColumnName, $"{Operation} (score)");
        var label = data.Schema[labelColumnName];
        var score = data.Schema[scoreColumnName];
        DataViewSchema.Column? name = nameColumnName is null ? null
            : data.Schema.GetColumnOrNull(nameColumnName) ?? throw new ArgumentOutOfRangeException(nameof(nameColumnName), $"{Operation}: name column '{nameColumnName}' not found");

        var pairs = new List<(long Row, string? Name, ByteImage Truth, ByteImage Output)>();
        var columns = new List<DataViewSchema.Column> { label, score };
        if (name is { } n) columns.Add(n);
        using (var cursor = data.GetRowCursor(columns))
        {
            var getLabel = cursor.GetGetter<MLImage>(label);
            var getScore = cursor.GetGetter<MLImage>(score);
            var getName = name is { } nc ? cursor.GetGetter<ReadOnlyMemory<char>>(nc) : null;
            MLImage truth = null!, output = null!;
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                getLabel(ref truth);
                getScore(ref output);
                getName?.Invoke(ref text);
                string where = $"row {cursor.Position}" + (getName is null ? "" : $" ({text})");
                pairs.Add((cursor.Position, getName is null ? null : text.ToString(),
                    MLImagePixels.ToByteImage(truth ?? throw Missing(where, labelColumnName), $"{Operation} {where}, column '{labelColumnName}'", collapseGray: true),
                    MLImagePixels.ToByteImage(output ?? throw Missing(where, scoreColumnName), $"{Operation} {where}, column '{scoreColumnName}'", collapseGray: true)));
            }
        }
        if (pairs.Count == 0) throw new InvalidOperationException($"{Operation}: the data has no rows");

        var rows = new SuperResolutionImageMetrics[pairs.Count];
        ParallelLoop.For(pairs.Count, i =>
        {
            var (row, rowName, truth, output) = pairs[i];
            string where = $"{Operation}: row {row}" + (rowName is null ? "" : $" ({rowName})");
            var reference = MatchSize(truth, output, scale, where);
            var measured = ImageQuality.Measure(reference, output, scale, protocol, where);
            rows[i] = new SuperResolutionImageMetrics(row, rowName, reference.Width, reference.Height, measured.Psnr, measured.Ssim);
        });
        return new SuperResolutionMetrics(scale, protocol, rows);
    }

    // The output of an LR made from a mod-cropped HR is the mod-cropped size; anything else is a mismatch worth naming.
    private static ByteImage MatchSize(ByteImage truth, ByteImage output, int scale, string where)
    {
        if (truth.Width == output.Width && truth.Height == output.Height) return truth;
        var cropped = ModCrop.Apply(truth, scale, where);
        if (cropped.Width == output.Width && cropped.Height == output.Height) return cropped;
        throw new InvalidImageException(where,
            $"the output is {output.Width}x{output.Height} but the ground truth is {truth.Width}x{truth.Height} ({cropped.Width}x{cropped.Height} after mod-crop by {scale}): is the scale right?");
    }

    private static InvalidDataException Missing(string where, string column) => new($"{Operation}: {where} has no image in column '{column}'");
}
