using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Imaging;
using MlNetSr.Pipelines;

namespace MlNetSr.Estimators;

/// <summary>
/// Writes a data view's image columns as PNG files into the run folder, where the trainer's data layer (folders,
/// LR cache) reads them: HR as <c>hr/row-000000.png</c>, LR (if given) as <c>lr/row-000000x{s}.png</c>.
/// </summary>
internal static class TrainingImages
{
    public static (string HighResolution, string? LowResolution, int Rows) Write(IDataView data, string labelColumn, string? lowResolutionColumn, int scale, string runFolder)
    {
        string hr = Path.Combine(runFolder, "hr"), lr = Path.Combine(runFolder, "lr");
        Directory.CreateDirectory(hr);
        if (lowResolutionColumn is not null) Directory.CreateDirectory(lr);
        var columns = new List<DataViewSchema.Column> { data.Schema[labelColumn] };
        if (lowResolutionColumn is not null) columns.Add(data.Schema[lowResolutionColumn]);
        int rows = 0;
        using var cursor = data.GetRowCursor(columns);
        var getLabel = cursor.GetGetter<MLImage>(data.Schema[labelColumn]);
        var getLow = lowResolutionColumn is null ? null : cursor.GetGetter<MLImage>(data.Schema[lowResolutionColumn]);
        MLImage label = null!, low = null!;
        while (cursor.MoveNext())
        {
            string name = RowName(cursor.Position);
            getLabel(ref label);
            Save(label, Path.Combine(hr, name + ".png"), $"row {cursor.Position}, column '{labelColumn}'");
            if (getLow is not null)
            {
                getLow(ref low);
                Save(low, Path.Combine(lr, $"{name}x{scale}.png"), $"row {cursor.Position}, column '{lowResolutionColumn}'");
            }
            rows++;
        }
        if (rows == 0) throw new InvalidOperationException($"the training data has no rows (column '{labelColumn}')");
        return (hr, lowResolutionColumn is null ? null : lr, rows);
    }

    /// <summary>The file name (without extension) of a row's HR image: <c>row-000000</c>.</summary>
    public static string RowName(long row) => $"row-{row:D6}";

    // Rewritten only when missing, so a resumed run keeps the files (and the LR cache keyed by them) it started with.
    private static void Save(MLImage? image, string path, string where)
    {
        if (image is null) throw new InvalidDataException($"training data {where}: no image");
        if (!File.Exists(path)) ImageFile.WritePng(MLImagePixels.ToByteImage(image, $"training data {where}", collapseGray: false), path);
    }
}
