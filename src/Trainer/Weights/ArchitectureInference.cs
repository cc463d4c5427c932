using System.Text.RegularExpressions;
using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Infers the <see cref="ModelConfig"/> of a state_dict (official key names) from its shapes (SR_SPEC §1.2):
/// F = <c>head.0.weight</c>[0]; B = count of <c>body.*.body.0.weight</c>; MDSR when <c>pre_process.*</c> keys exist;
/// a branch is x3 when its first upsampler conv has 9F outputs, x4 when it has a second conv, else x2.
/// res_scale cannot be read from a file: 0.1 when F = 256 (the paper EDSR), else 1, unless overridden.
/// </summary>
public static partial class ArchitectureInference
{
    /// <summary>The config implied by <paramref name="shapes"/> (tensor shapes by official key name).</summary>
    /// <param name="shapes">Every tensor's shape, keyed by its official EDSR-PyTorch name.</param>
    /// <param name="resScaleOverride">res_scale to use instead of <see cref="DefaultResScale"/> (EDSR) or 1 (MDSR).</param>
    /// <exception cref="InvalidDataException">The keys or shapes are not those of an EDSR/MDSR network.</exception>
    public static ModelConfig Infer(IReadOnlyDictionary<string, long[]> shapes, double? resScaleOverride = null)
    {
        if (!shapes.TryGetValue("head.0.weight", out var head) || head.Length != 4)
            throw new InvalidDataException("cannot infer the architecture: no 4-d 'head.0.weight' tensor " +
                                           $"(first keys: {string.Join(", ", shapes.Keys.Take(8))})");
        int features = checked((int)head[0]);
        int blocks = shapes.Keys.Count(k => BodyBlock().IsMatch(k));
        if (blocks == 0) throw new InvalidDataException("cannot infer the architecture: no 'body.*.body.0.weight' keys");

        bool multiScale = shapes.Keys.Any(k => k.StartsWith("pre_process.", StringComparison.Ordinal));
        if (multiScale)
        {
            int branches = shapes.Keys.Select(k => UpsampleBranch().Match(k)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max() + 1;
            if (branches == 0) throw new InvalidDataException("MDSR weights without 'upsample.{k}.0.weight' keys");
            var scales = Enumerable.Range(0, branches).Select(k => ScaleOf(shapes, $"upsample.{k}", features)).ToArray();
            return new ModelConfig(SrArchitecture.Mdsr, blocks, features, resScaleOverride ?? 1.0, scales);
        }

        int scale = ScaleOf(shapes, "tail.0", features);
        return new ModelConfig(SrArchitecture.Edsr, blocks, features, resScaleOverride ?? DefaultResScale(features), [scale]);
    }

    /// <summary>The paper's EDSR (F=256) was trained with res_scale 0.1; every other released model with 1.</summary>
    public static double DefaultResScale(int features) => features == 256 ? 0.1 : 1.0;

    private static int ScaleOf(IReadOnlyDictionary<string, long[]> shapes, string upsampler, int features)
    {
        if (!shapes.TryGetValue($"{upsampler}.0.weight", out var first))
            throw new InvalidDataException($"cannot infer the scale: no '{upsampler}.0.weight' tensor");
        if (first[0] == 9L * features) return 3;
        return shapes.ContainsKey($"{upsampler}.2.weight") ? 4 : 2;
    }

    [GeneratedRegex(@"^body\.\d+\.body\.0\.weight$")]
    private static partial Regex BodyBlock();

    [GeneratedRegex(@"^upsample\.(\d+)\.0\.weight$")]
    private static partial Regex UpsampleBranch();
}
