using MlNetSr.Evaluation;
using Xunit;

namespace MlNetSr.Tests.Evaluation;

/// <summary>
/// End-to-end check of imresize, Y, shave, PSNR and SSIM (SR_SPEC §4.10): the paper's Table 3 bicubic column,
/// within 0.03 dB and 0.0015 SSIM, on the real benchmark images.
/// </summary>
public class BicubicBaselineTests
{
    public static TheoryData<string, int, double, double> PaperBicubic => new()
    {
        { "Set5", 2, 33.66, 0.9299 }, { "Set5", 3, 30.39, 0.8682 }, { "Set5", 4, 28.42, 0.8104 },
        { "Set14", 2, 30.24, 0.8688 }, { "Set14", 3, 27.55, 0.7742 }, { "Set14", 4, 26.00, 0.7027 },
        { "B100", 2, 29.56, 0.8431 }, { "B100", 3, 27.21, 0.7385 }, { "B100", 4, 25.96, 0.6675 },
    };

    [DataTheory]
    [MemberData(nameof(PaperBicubic))]
    public void Bicubic_reproduces_the_paper_table(string set, int scale, double psnr, double ssim)
    {
        var score = new SetEvaluator().Evaluate(TestData.Benchmark(set), [scale], new BicubicUpscaler()).Single();
        Assert.Equal(set, score.Set);
        Assert.Equal(set == "B100" ? 100 : set == "Set14" ? 14 : 5, score.ImageCount);
        Assert.InRange(score.Psnr, psnr - 0.03, psnr + 0.03);
        Assert.InRange(score.Ssim, ssim - 0.0015, ssim + 0.0015);
    }
}
