using MlNetSr.Trainer.Models;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>
/// The modules are trainable building blocks: gradients reach every trainable tensor (the in-place residual ops do
/// not break autograd), none reach the frozen MeanShift, and a few Adam steps on a fixed pair reduce the L1 loss.
/// </summary>
public class TrainingStepTests
{
    [Theory]
    [InlineData(SrArchitecture.Edsr, 0.1, 3)]
    [InlineData(SrArchitecture.Mdsr, 1.0, 4)]
    public void AdamStepsReduceL1AndLeaveMeanShiftAlone(SrArchitecture architecture, double resScale, int scale)
    {
        manual_seed(7);
        int[] scales = architecture == SrArchitecture.Edsr ? [scale] : [2, 3, 4];
        using var model = SrModelFactory.Create(new ModelConfig(architecture, 1, 8, resScale, scales));
        model.train();
        using var meanBefore = model.state_dict()["sub_mean.bias"].clone();
        using var input = rand(2, 3, 6, 6) * 255;
        using var target = rand(2, 3, 6 * scale, 6 * scale) * 255;
        using var optimizer = optim.Adam(model.TrainableParameters(), lr: 1e-2);

        float first = 0, last = 0;
        for (int step = 0; step < 15; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.l1_loss(model.forward(input, scale), target);
            loss.backward();
            if (step == 0)
            {
                foreach (var (name, p) in model.named_parameters())
                {
                    // MDSR: only the active scale's pre_process/upsample branch takes part in the step.
                    bool used = p.requires_grad && !IsOtherBranch(name, scales, scale);
                    Assert.True(used == (p.grad is not null), $"{name}: grad present = {p.grad is not null}, expected {used}");
                }
            }
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }

        Assert.True(last < first * 0.9, $"L1 {first} -> {last}: training did not progress");
        Assert.True(meanBefore.eq(model.state_dict()["sub_mean.bias"]).all().item<bool>());
    }

    private static bool IsOtherBranch(string name, int[] scales, int scale)
    {
        string[] parts = name.Split('.');
        return parts[0] is "pre_process" or "upsample" && scales[int.Parse(parts[1])] != scale;
    }
}
