using System.Globalization;
using System.Text;
using MlNetSr.Evaluation;
using MlNetSr.Metrics;

namespace MlNetSr.Cli;

/// <summary>Formats evaluation results as a plain-text table, one block per set.</summary>
public static class ResultTable
{
    public static string Format(IReadOnlyList<SetScore> results, string method, EvaluationProtocol protocol, bool perImage)
    {
        var text = new StringBuilder();
        foreach (var set in results.GroupBy(r => r.Set))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{set.Key} ({method}; {protocol.Describe()})");
            text.AppendLine("scale  images  PSNR (dB)     SSIM");
            foreach (var row in set)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"x{row.Scale,-4} {row.ImageCount,7} {row.Psnr,10:F4} {row.Ssim,8:F4}");
                if (!perImage) continue;
                foreach (var image in row.Images)
                    text.AppendLine(CultureInfo.InvariantCulture, $"       {image.File,-24} {image.Width,5}x{image.Height,-5} {image.Psnr,10:F4} {image.Ssim,8:F4}");
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
