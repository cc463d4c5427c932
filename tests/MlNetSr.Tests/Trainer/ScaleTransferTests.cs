using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>x2 → x3/x4 initialisation follows EDSR-PyTorch's copy rule (SR_SPEC §3.1).</summary>
public class ScaleTransferTests
{
    private static readonly ModelConfig X2 = new(SrArchitecture.Edsr, 2, 8, 1.0, [2]);

    [Fact]
    public void X4TakesTail00AndTail1FromX2AndKeepsTail02()
    {
        using var x2 = SrModelFactory.Create(X2);
        using var x4 = SrModelFactory.Create(X2.WithScale(4));
        using var tail02Before = x4.state_dict()["tail.0.2.weight"].clone();

        var report = ScaleTransfer.InitialiseFrom(x4, x2);

        var source = x2.state_dict();
        var target = x4.state_dict();
        foreach (string key in new[] { "head.0.weight", "body.1.body.2.bias", "body.2.weight", "tail.0.0.weight", "tail.0.0.bias", "tail.1.weight" })
        {
            Assert.Contains(key, report.Copied);
            Assert.True(source[key].eq(target[key]).all().item<bool>(), key);
        }
        Assert.Empty(report.SkippedTailMismatch);
        Assert.Equal(["tail.0.2.weight", "tail.0.2.bias"], report.KeptInitial);
        Assert.True(tail02Before.eq(target["tail.0.2.weight"]).all().item<bool>());
    }

    [Fact]
    public void X3KeepsItsOwnTail00AndTakesTail1()
    {
        using var x2 = SrModelFactory.Create(X2);
        using var x3 = SrModelFactory.Create(X2.WithScale(3));
        using var tail00Before = x3.state_dict()["tail.0.0.weight"].clone();

        var report = ScaleTransfer.InitialiseFrom(x3, x2);

        Assert.Equal(["tail.0.0.weight", "tail.0.0.bias"], report.SkippedTailMismatch);
        Assert.Contains("tail.1.weight", report.Copied);
        Assert.True(x2.state_dict()["tail.1.weight"].eq(x3.state_dict()["tail.1.weight"]).all().item<bool>());
        Assert.True(tail00Before.eq(x3.state_dict()["tail.0.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void NonTailMismatchIsRefusedBeforeCopying()
    {
        using var x2 = SrModelFactory.Create(X2);
        using var wider = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 2, 16, 1.0, [4]));
        using var before = wider.state_dict()["tail.1.bias"].clone();

        var error = Assert.Throws<WeightsMismatchException>(() => ScaleTransfer.InitialiseFrom(wider, x2));
        Assert.Contains(error.Misshaped, m => m.StartsWith("head.0.weight"));
        Assert.True(before.eq(wider.state_dict()["tail.1.bias"]).all().item<bool>());
    }
}
