using System.Globalization;
using MlNetSr.Reporting;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// The run folder's plain-text records: <c>log.txt</c> (every message, time-stamped) and <c>validation.csv</c>
/// (the validation curve), and <c>curve.svg</c> (loss, validation PSNR, learning rate; redrawn from both after each
/// validation). Lines are appended and flushed at once, so a killed run keeps its history.
/// </summary>
public sealed class RunLog(string folder, Action<string>? echo)
{
    private readonly string logPath = Path.Combine(folder, "log.txt");
    private readonly string validationPath = Path.Combine(folder, "validation.csv");

    /// <summary>Appends <paramref name="message"/> to <c>log.txt</c> with a UTC time stamp, and passes it to the echo.</summary>
    public void Write(string message)
    {
        File.AppendAllText(logPath, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {message}{Environment.NewLine}");
        echo?.Invoke(message);
    }

    /// <summary>Appends one row to <c>validation.csv</c>, writing the header first when the file is new.</summary>
    public void Validation(ValidationPoint point)
    {
        if (!File.Exists(validationPath)) File.WriteAllText(validationPath, "iteration,scale,psnr,ssim,training_seconds" + Environment.NewLine);
        File.AppendAllText(validationPath, string.Create(CultureInfo.InvariantCulture,
            $"{point.Iteration},{point.Scale},{point.Psnr:F4},{point.Ssim:F5},{point.TrainingSeconds:F1}{Environment.NewLine}"));
    }

    /// <summary>Redraws <c>curve.svg</c> from the records so far (written atomically: a reader never sees half a picture).</summary>
    public void RefreshCurve() => SvgCurve.WriteForRun(folder);
}
