using System.Diagnostics;
using System.Globalization;

namespace MlNetSr.Reporting;

/// <summary>How progress is shown.</summary>
public enum ProgressStyle
{
    /// <summary>One line redrawn in place: a bar, counts, rate and ETA (an interactive terminal).</summary>
    Live,
    /// <summary>Whole lines, at most one per <see cref="ProgressBar.PlainInterval"/> plus a closing one, for logs.</summary>
    Plain,
}

/// <summary>
/// Progress of countable work (images, tiles, iterations) with its rate and ETA, drawn as a live bar or written as
/// plain lines (<see cref="ChooseStyle"/>). Thread-safe and synchronous: a report is drawn before Report returns, so
/// nothing arrives after <see cref="Finish"/>.
/// </summary>
public sealed class ProgressBar : IProgress<(int Done, int Total)>, IDisposable
{
    /// <summary>Longest gap between plain lines.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);
    private const int BarWidth = 24;

    private readonly string label;
    private readonly TextWriter writer;
    private readonly Func<TimeSpan> clock;
    private readonly Lock gate = new();
    private readonly bool countFromFirstReport;
    private int firstDone = -1, done, total, drawnWidth;
    private TimeSpan firstAt;
    private TimeSpan? lastDrawn;
    private bool plainLineWritten, finished, reported;
    private int plainLineDone = -1;

    /// <param name="label">what is counted, e.g. "Set5 bicubic"</param>
    /// <param name="style">live bar or plain lines</param>
    /// <param name="writer">where it is written (stderr in the CLI)</param>
    /// <param name="clock">time since start; a stopwatch by default</param>
    /// <param name="countFromFirstReport">measure the rate from the first report instead of from zero at creation
    /// (work that resumes part-way, such as a resumed training run)</param>
    public ProgressBar(string label, ProgressStyle style, TextWriter writer, Func<TimeSpan>? clock = null, bool countFromFirstReport = false)
    {
        this.label = label;
        Style = style;
        this.writer = writer;
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed;
        }
        this.clock = clock;
        this.countFromFirstReport = countFromFirstReport;
        if (!countFromFirstReport) (firstDone, firstAt) = (0, clock());
    }

    /// <summary>A bar on this process's stderr, in the style <see cref="ChooseStyle"/> gives for it and the environment.</summary>
    public static ProgressBar ForConsole(string label, bool countFromFirstReport = false) =>
        new(label, ChooseStyle(Console.IsErrorRedirected, Environment.GetEnvironmentVariable("CI")), Console.Error, null, countFromFirstReport);

    /// <summary>The style this bar draws in.</summary>
    public ProgressStyle Style { get; }

    /// <summary>
    /// Live on an interactive terminal; plain when the output is redirected (a file, a pipe) or the <c>CI</c>
    /// environment variable is set to anything but empty, "0" or "false".
    /// </summary>
    public static ProgressStyle ChooseStyle(bool outputIsRedirected, string? ciVariable) =>
        outputIsRedirected || (!string.IsNullOrEmpty(ciVariable) && ciVariable != "0" && !ciVariable.Equals("false", StringComparison.OrdinalIgnoreCase))
            ? ProgressStyle.Plain : ProgressStyle.Live;

    /// <summary>Records that <paramref name="value"/>.Done of Total are finished, and draws when it is time.</summary>
    public void Report((int Done, int Total) value)
    {
        lock (gate)
        {
            if (finished) return;
            var now = clock();
            if (!reported && countFromFirstReport) (firstDone, firstAt) = (value.Done, now);
            reported = true;
            (done, total) = (value.Done, value.Total);
            bool complete = done >= total;
            if (Style == ProgressStyle.Live)
            {
                if (complete || lastDrawn is not { } drawn || now - drawn >= LiveInterval) DrawLive(now);
            }
            else if (now - (lastDrawn ?? firstAt) >= PlainInterval)
            {
                WritePlain(now);
            }
        }
    }

    /// <summary>Writes <paramref name="line"/> as a whole line (above the bar when live, which is then drawn again).</summary>
    public void WriteLine(string line)
    {
        lock (gate)
        {
            if (Style == ProgressStyle.Live && drawnWidth > 0)
            {
                writer.Write("\r" + new string(' ', drawnWidth) + "\r");
                writer.WriteLine(line);
                drawnWidth = 0;
                if (!finished && reported) DrawLive(clock());
            }
            else writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>Ends the bar: live, the line is cleared; plain, a closing line is written unless the work was a single step.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (finished) return;
            finished = true;
            if (Style == ProgressStyle.Live)
            {
                if (drawnWidth > 0) writer.Write("\r" + new string(' ', drawnWidth) + "\r");
                drawnWidth = 0;
            }
            else if (reported && plainLineDone != done && (plainLineWritten || total > 1)) WritePlain(clock());
            writer.Flush();
        }
    }

    /// <summary>Same as <see cref="Finish"/>.</summary>
    public void Dispose() => Finish();

    /// <summary>The text of the current state: "label [=====>    ] 12/40 30% 3.20/s ETA 00:00:09" (live) or "label: 12/40 (30%) ..." (plain).</summary>
    public string Describe(TimeSpan now)
    {
        double seconds = (now - firstAt).TotalSeconds;
        double rate = seconds > 0 ? (done - firstDone) / seconds : 0;
        int percent = total > 0 ? (int)Math.Round(100.0 * done / total) : 0;
        string eta = done >= total ? $"done in {Format(TimeSpan.FromSeconds(seconds))}"
            : rate > 0 ? $"ETA {Format(TimeSpan.FromSeconds((total - done) / rate))}" : "ETA --:--:--";
        string numbers = string.Create(CultureInfo.InvariantCulture, $"{done}/{total}");
        string speed = string.Create(CultureInfo.InvariantCulture, $"{rate:0.00}/s");
        if (Style == ProgressStyle.Plain) return $"{label}: {numbers} ({percent}%)  {speed}  {eta}";
        int filled = total > 0 ? Math.Clamp(BarWidth * done / total, 0, BarWidth) : 0;
        string bar = new string('=', filled) + (filled < BarWidth ? ">" + new string(' ', BarWidth - filled - 1) : "");
        return $"{label} [{bar}] {numbers} {percent,3}%  {speed}  {eta}";
    }

    private void DrawLive(TimeSpan now)
    {
        string text = Describe(now);
        writer.Write("\r" + text + (text.Length < drawnWidth ? new string(' ', drawnWidth - text.Length) : ""));
        writer.Flush();
        drawnWidth = Math.Max(drawnWidth, text.Length);
        lastDrawn = now;
    }

    private void WritePlain(TimeSpan now)
    {
        writer.WriteLine(Describe(now));
        writer.Flush();
        plainLineWritten = true;
        plainLineDone = done;
        lastDrawn = now;
    }

    private static string Format(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span:hh\\:mm\\:ss}" : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
