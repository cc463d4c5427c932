using MlNetSr.Cli;
using MlNetSr.Cli.Commands;
using MlNetSr.Tests.Cli;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Weight averaging (<see cref="WeightAverage"/>, <c>mlnetsr average</c>): the mean of every tensor, and refusals that name the file.</summary>
[Collection(ConsoleCollection.Name)]
public class WeightAverageTests : IDisposable
{
    private static readonly ModelConfig Small = new(SrArchitecture.Edsr, 2, 8, 1.0, [2]);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-average-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void EveryTensorIsTheMeanOfTheNetworksAdded()
    {
        using var a = Seeded(Small, 1);
        using var b = Seeded(Small, 2);
        using var c = Seeded(Small, 3);
        using var average = new WeightAverage();
        average.Add(a, "a");
        average.Add(b, "b");
        average.Add(c, "c");

        using var mean = average.ToNetwork();

        Assert.Equal(3, average.Count);
        var (ta, tb, tc, tm) = (a.state_dict(), b.state_dict(), c.state_dict(), mean.state_dict());
        Assert.Equal(ta.Keys, tm.Keys);
        foreach (string key in ta.Keys)
        {
            using var expected = (ta[key] + tb[key] + tc[key]) / 3;
            Assert.True(expected.allclose(tm[key], rtol: 1e-6, atol: 1e-7), key);
        }
        // The inputs really differed, so the mean is not any one of them.
        Assert.False(ta["head.0.weight"].allclose(tm["head.0.weight"]));
    }

    [Fact]
    public void ANetworkOfAnotherShapeIsRefusedByName()
    {
        using var x2 = Seeded(Small, 1);
        using var x3 = Seeded(Small.WithScale(3), 2);
        using var average = new WeightAverage();
        average.Add(x2, "x2.pt");

        var error = Assert.Throws<ArgumentException>(() => average.Add(x3, "x3.pt"));

        Assert.Contains("x3.pt holds", error.Message);
        Assert.Equal(1, average.Count);
    }

    [Fact]
    public void AnEmptyAverageHasNoNetwork()
    {
        using var average = new WeightAverage();
        Assert.Throws<InvalidOperationException>(() => average.ToNetwork());
    }

    [Fact]
    public void CommandWritesTheMeanAsACheckpointThatLoads()
    {
        string first = Save(Seeded(Small, 1), "first.pt");
        string second = Save(Seeded(Small, 2), "second.pt");
        string output = Path.Combine(folder, "average.pt");

        var (code, stdout, stderr) = Run("average", "--checkpoints", first, second, "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Contains($"added:        {first}", stdout);
        Assert.Contains("mean of 2", stdout);
        using var loaded = CheckpointFile.Load(output);
        using var a = CheckpointFile.Load(first);
        using var b = CheckpointFile.Load(second);
        using var expected = (a.state_dict()["body.2.weight"] + b.state_dict()["body.2.weight"]) / 2;
        Assert.True(expected.allclose(loaded.state_dict()["body.2.weight"], rtol: 1e-6, atol: 1e-7));
        Assert.Equal("first.pt, second.pt", CheckpointFile.ReadMetadata(output)!.Extra!["averaged"]);
    }

    [Fact]
    public void CommandRefusesOneCheckpointMismatchedOnesAndMissingFilesWithoutWriting()
    {
        string x2 = Save(Seeded(Small, 1), "x2.pt");
        string x3 = Save(Seeded(Small.WithScale(3), 2), "x3.pt");
        string missing = Path.Combine(folder, "absent.pt");
        string output = Path.Combine(folder, "average.pt");

        foreach (var (arguments, expected) in new (string[], string)[]
        {
            ([x2], "averaging needs at least two"),
            ([x2, x3], $"{x3} holds"),
            ([x2, missing], $"--checkpoints {missing}: file not found"),
        })
        {
            var (code, _, stderr) = Run(["average", "--checkpoints", .. arguments, "--out", output]);
            Assert.Equal(CommandRunner.UsageError, code);
            Assert.StartsWith("mlnetsr: error:", stderr);
            Assert.Contains(expected, stderr);
            Assert.False(File.Exists(output));
        }
    }

    private static SrNetwork Seeded(ModelConfig config, int seed)
    {
        manual_seed(seed);
        return SrModelFactory.Create(config);
    }

    private string Save(SrNetwork network, string name)
    {
        using (network)
        {
            string path = Path.Combine(folder, name);
            CheckpointFile.Save(network, path);
            return path;
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        ConsoleCapture.Run([AverageCommand.Create()], args);
}
