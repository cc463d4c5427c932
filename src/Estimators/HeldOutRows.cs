namespace MlNetSr.Estimators;

/// <summary>
/// Which rows of the training data view a run holds out (<see cref="SrTrainerOptions.HoldOutRows"/>): spread evenly
/// over the rows, so data sorted by source or size gives a held-out set like the rest, and the same on every resume.
/// </summary>
internal static class HeldOutRows
{
    /// <summary>The held-out HR files, as names relative to the run's HR folder (<c>row-000002.png</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or leaves no row to train on.</exception>
    public static IReadOnlyList<string> Pick(int rows, int count, string operation)
    {
        if (count < 0 || count >= rows)
            throw new ArgumentOutOfRangeException(nameof(SrTrainerOptions.HoldOutRows),
                $"{operation}: HoldOutRows {count} must be at least 0 and below the {rows} rows of the training data");
        // Row (k + 0.5) * rows / count: the middle of each of count equal slices.
        return Enumerable.Range(0, count)
            .Select(k => TrainingImages.RowName((long)((k + 0.5) * rows / count)) + ".png")
            .ToList();
    }
}
