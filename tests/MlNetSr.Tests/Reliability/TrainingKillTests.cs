using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// A real `mlnetsr train` child process killed with SIGKILL at random moments - while starting, just after an
/// iteration (when the checkpoint of that iteration is being written: one per iteration), or a little later - and
/// resumed each time, ends with the same weights as an uninterrupted run, bit for bit; after every kill the
/// latest checkpoint is whole. Tiny settings (edsr-baseline on one T91 image, batch 1, LR patch 8, 1 thread).
/// </summary>
[Collection(TrainingKillCollection.Name)]
public sealed partial class TrainingKillTests : IDisposable
{
    // A kill lands 1-3 iterations after the resumed one plus up to 120 ms, in which a fast CPU runs several more
    // tiny iterations; 40 iterations let a run finish after 17 kills on such a machine. 150 leave room for 20.
    private const int Iterations = 150, Kills = 20, KillSeed = 17;
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DataFact]
    public void Training_killed_20_times_resumes_to_the_weights_of_an_uninterrupted_run()
    {
        string data = Path.Combine(folder, "hr");
        Directory.CreateDirectory(data);
        File.Copy(Path.Combine(TestData.Train("T91"), "t1.bmp"), Path.Combine(data, "t1.bmp"));

        string reference = Path.Combine(folder, "reference");
        var uninterrupted = Train(data, reference, resume: false, kill: null);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Output);

        string killed = Path.Combine(folder, "killed");
        var random = new Random(KillSeed);
        var moments = new List<string>();
        int kills = 0, starts = 0;
        while (true)
        {
            bool resume = File.Exists(Path.Combine(killed, SrTrainer.LatestCheckpoint));
            int resumedAt = resume ? TrainingCheckpoint.ReadState(Path.Combine(killed, SrTrainer.LatestCheckpoint)).Iteration : 0;
            Kill? kill = kills < Kills ? NextKill(random, resumedAt) : null;
            var run = Train(data, killed, resume, kill);
            starts++;
            Assert.True(starts < 3 * Kills, $"no end after {starts} starts: {string.Join("; ", moments)}");
            if (run.ExitCode == 0 && !run.Killed) break;
            Assert.True(run.Killed, $"the run failed by itself (exit code {run.ExitCode}) after {kills} kills:\n{run.Output}");
            kills++;
            moments.Add(kill!.ToString());
            AssertCheckpointIsWhole(killed);
        }

        Assert.True(kills >= Kills, $"{kills} kills");
        AssertSameWeights(Path.Combine(reference, SrTrainer.FinalWeights), Path.Combine(killed, SrTrainer.FinalWeights));
        Assert.Empty(Directory.GetFiles(killed, "*.tmp", SearchOption.AllDirectories));
        string log = File.ReadAllText(Path.Combine(killed, "log.txt"));
        Assert.Contains("removed", log); // leftovers of killed checkpoint writes were found and cleared
    }

    // During start-up (no iteration yet), right after an iteration's log line (its checkpoint is being written),
    // or a few milliseconds after it.
    private static Kill NextKill(Random random, int resumedAt) => random.Next(5) switch
    {
        0 => new Kill(null, random.Next(200, 2500)),
        1 or 2 => new Kill(resumedAt + 1 + random.Next(3), 0),
        _ => new Kill(resumedAt + 1 + random.Next(3), random.Next(1, 120)),
    };

    private sealed record Kill(int? AfterIteration, int DelayMilliseconds)
    {
        public override string ToString() => AfterIteration is int i ? $"after it {i} + {DelayMilliseconds} ms" : $"{DelayMilliseconds} ms after start";
    }

    private sealed record Run(int ExitCode, bool Killed, string Output);

    private static Run Train(string data, string output, bool resume, Kill? kill)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetsr-training.dll"));
        foreach (string argument in (string[])["train", "--data", data, "--out", output, "--arch", ModelPresets.EdsrBaseline, "--scale", "2",
                     "--iterations", Iterations.ToString(CultureInfo.InvariantCulture), "--batch", "1", "--patch", "8", "--valid-every", "1",
                     "--log-every", "1", "--threads", "1", "--seed", "3"])
            start.ArgumentList.Add(argument);
        if (resume) start.ArgumentList.Add("--resume");

        using var process = new Process { StartInfo = start };
        var lines = new List<string>();
        using var reached = new ManualResetEventSlim(false);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (kill?.AfterIteration is int target && IterationLine().Match(e.Data) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= target)
                reached.Set();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool killed = false;
        if (kill is not null)
        {
            bool due = kill.AfterIteration is null ? !process.WaitForExit(kill.DelayMilliseconds) : WaitFor(reached, process);
            if (due)
            {
                if (kill.DelayMilliseconds > 0 && kill.AfterIteration is not null) Thread.Sleep(kill.DelayMilliseconds);
                if (!process.HasExited)
                {
                    process.Kill(); // SIGKILL on Unix
                    killed = true;
                }
            }
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill();
            throw new TimeoutException($"mlnetsr train did not finish in 3 minutes:\n{string.Join("\n", lines)}");
        }
        process.WaitForExit();
        lock (lines) return new Run(process.ExitCode, killed, string.Join("\n", lines));
    }

    private static bool WaitFor(ManualResetEventSlim reached, Process process)
    {
        while (!reached.Wait(20))
            if (process.HasExited) return false;
        return true;
    }

    private static void AssertCheckpointIsWhole(string run)
    {
        string latest = Path.Combine(run, SrTrainer.LatestCheckpoint);
        if (!File.Exists(latest)) return; // killed before the first checkpoint: the next start begins afresh
        var state = TrainingCheckpoint.ReadState(latest);
        using var network = SrModelFactory.Create(state.ModelConfig());
        TrainingCheckpoint.LoadModel(latest, network); // throws on a truncated or damaged archive
    }

    private static void AssertSameWeights(string expectedPath, string actualPath)
    {
        using var expected = CheckpointFile.Load(expectedPath);
        using var actual = CheckpointFile.Load(actualPath);
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        var different = a.Keys.Where(k => !a[k].shape.SequenceEqual(b[k].shape) || !a[k].eq(b[k]).all().item<bool>()).ToList();
        Assert.True(different.Count == 0, $"weights differ after resuming: {string.Join(", ", different)}");
    }

    [GeneratedRegex(@"^it (\d+)/")]
    private static partial Regex IterationLine();
}

/// <summary>The kill test starts one training process at a time and times its kills: it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingKillCollection
{
    public const string Name = "training kills";
}
