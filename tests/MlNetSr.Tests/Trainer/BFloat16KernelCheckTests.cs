using MlNetSr.Trainer.Training;
using Xunit;
using Xunit.Abstractions;

namespace MlNetSr.Tests.Trainer;

/// <summary>
/// The bf16 kernel check really compares bfloat16 with float32: bfloat16's 8-bit mantissa always leaves a visible
/// error (zero would mean both sides ran in float32). Whether it passes depends on the CPU; the trainer tests cover both.
/// </summary>
public class BFloat16KernelCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void The_check_sees_bfloat16_rounding()
    {
        double error = BFloat16KernelCheck.WorstRelativeError();
        output.WriteLine($"worst relative error of bf16 narrow convolutions on this CPU: {error:G3} (tolerance {BFloat16KernelCheck.Tolerance})");
        Assert.True(error > 1e-3, $"relative error {error:G3}: bfloat16 arithmetic did not run");
    }
}
