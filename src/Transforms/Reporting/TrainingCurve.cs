using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNetSr.Reporting;

/// <summary>The mean training loss and the learning rate at one logged iteration.</summary>
public sealed record LossPoint(int Iteration, double Loss, double LearningRate);

/// <summary>One row of a run's <c>validation.csv</c>.</summary>
public sealed record ValidationRow(int Iteration, int Scale, double Psnr, double Ssim);

/// <summary>
/// A training run's curve as its folder records it: validation PSNR/SSIM per scale from <c>validation.csv</c>, and the
/// loss and learning rate from the progress lines of <c>log.txt</c> ("it 1200/300000  loss 5.3210 ... lr 1.0e-04 ...",
/// the trainer's TrainingProgress format). A resumed run logs some iterations twice; the later line wins.
/// </summary>
public sealed partial record TrainingCurve(IReadOnlyList<LossPoint> Loss, IReadOnlyList<ValidationRow> Validation)
{
    /// <summary>File names read in a run folder.</summary>
    public const string ValidationFile = "validation.csv", LogFile = "log.txt";

    /// <summary>Reads <c>validation.csv</c> (required) and <c>log.txt</c> (optional) from <paramref name="runFolder"/>.</summary>
    public static TrainingCurve Load(string runFolder)
    {
        string csv = Path.Combine(runFolder, ValidationFile);
        if (!File.Exists(csv)) throw new FileNotFoundException($"{csv}: no such file; a training run folder holds validation.csv", csv);
        string log = Path.Combine(runFolder, LogFile);
        var loss = File.Exists(log) ? ParseLog(File.ReadLines(log)) : [];
        return new TrainingCurve(loss, ParseValidation(File.ReadLines(csv), csv));
    }

    /// <summary>Rows of a <c>validation.csv</c> ("iteration,scale,psnr,ssim,..."); <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<ValidationRow> ParseValidation(IEnumerable<string> lines, string source)
    {
        var rows = new List<ValidationRow>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (number == 1)
            {
                if (!line.StartsWith("iteration,scale,psnr,ssim", StringComparison.Ordinal))
                    throw new InvalidDataException($"{source}: line 1 is '{line}', expected the header iteration,scale,psnr,ssim,...");
                continue;
            }
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length < 4 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out int iteration)
                || !int.TryParse(cells[1], CultureInfo.InvariantCulture, out int scale)
                || !double.TryParse(cells[2], CultureInfo.InvariantCulture, out double psnr)
                || !double.TryParse(cells[3], CultureInfo.InvariantCulture, out double ssim))
                throw new InvalidDataException($"{source}: line {number} '{line}' is not iteration,scale,psnr,ssim");
            rows.Add(new ValidationRow(iteration, scale, psnr, ssim));
        }
        return rows;
    }

    /// <summary>Loss points from the progress lines of a run log, one per iteration (the last one logged), in order.</summary>
    public static IReadOnlyList<LossPoint> ParseLog(IEnumerable<string> lines)
    {
        var points = new SortedDictionary<int, LossPoint>();
        foreach (var line in lines)
        {
            var match = ProgressLine().Match(line);
            if (!match.Success) continue;
            int iteration = int.Parse(match.Groups["it"].Value, CultureInfo.InvariantCulture);
            points[iteration] = new LossPoint(iteration,
                double.Parse(match.Groups["loss"].Value, CultureInfo.InvariantCulture),
                double.Parse(match.Groups["lr"].Value, CultureInfo.InvariantCulture));
        }
        return points.Values.ToList();
    }

    [GeneratedRegex(@"\bit (?<it>\d+)/\d+\s+loss (?<loss>[-+0-9.eE]+|NaN)\s.*\blr (?<lr>[-+0-9.eE]+)\s", RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLine();
}
