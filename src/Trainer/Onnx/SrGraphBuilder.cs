using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Onnx;

/// <summary>
/// Writes an EDSR/MDSR forward pass at one scale as ONNX nodes, layer by layer from the config (SR_SPEC §1.1,
/// §2), with the network's own tensors as initializers under their state_dict names. Node names are the module
/// paths, so a node and its weights read alike (<c>body.3.body.0</c> uses <c>body.3.body.0.weight</c>).
/// </summary>
internal sealed class SrGraphBuilder
{
    public const string InputName = "lr";
    public const string OutputName = "sr";

    private readonly Dictionary<string, Tensor> weights;
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    private SrGraphBuilder(Dictionary<string, Tensor> weights) => this.weights = weights;

    public static OnnxGraph Build(SrNetwork network, int scale)
    {
        var config = network.Config;
        var builder = new SrGraphBuilder(new Dictionary<string, Tensor>(network.state_dict(), StringComparer.Ordinal));
        int branch = IndexOf(config.Scales, scale);

        string x = builder.Conv("sub_mean", InputName);
        x = builder.Conv("head.0", x);
        if (config.Architecture == SrArchitecture.Mdsr)
        {
            x = builder.ResBlock($"pre_process.{branch}.0", x, 1.0);
            x = builder.ResBlock($"pre_process.{branch}.1", x, 1.0);
        }
        // Global skip: from the head (EDSR) or the pre-process output (MDSR) over the body.
        string skip = x;
        for (int i = 0; i < config.Blocks; i++) x = builder.ResBlock($"body.{i}", x, config.ResScale);
        x = builder.Conv($"body.{config.Blocks}", x);
        x = builder.Add("body.skip", x, skip);

        bool edsr = config.Architecture == SrArchitecture.Edsr;
        x = builder.Upsampler(edsr ? "tail.0" : $"upsample.{branch}", x, scale);
        x = builder.Conv(edsr ? "tail.1" : "tail.0", x);
        builder.Conv("add_mean", x, OutputName);

        var symbolic = new object[] { "batch", 3L, "height", "width" };
        var output = new object[] { "batch", 3L, $"height_x{scale}", $"width_x{scale}" };
        return new OnnxGraph($"{(edsr ? "edsr" : "mdsr")}_x{scale}", builder.nodes, builder.initializers,
            [new OnnxValueInfo(InputName, symbolic)], [new OnnxValueInfo(OutputName, output)]);
    }

    /// <summary>y = x + res_scale · conv₂(ReLU(conv₁(x))); the Mul only when res_scale ≠ 1.</summary>
    private string ResBlock(string module, string x, double resScale)
    {
        string h = Conv($"{module}.body.0", x);
        h = Node($"{module}.body.1", "Relu", [h]);
        h = Conv($"{module}.body.2", h);
        if (resScale != 1.0)
        {
            string factor = Scalar("res_scale", (float)resScale);
            h = Node($"{module}.mul", "Mul", [h, factor]);
        }
        return Add(module, h, x);
    }

    /// <summary>×2/×3: conv F→s²F, PixelShuffle(s); ×4: two ×2 stages (keys .0 and .2).</summary>
    private string Upsampler(string module, string x, int scale)
    {
        var stages = ReceptiveField.UpsamplerStages(scale);
        for (int i = 0; i < stages.Count; i++)
        {
            x = Conv($"{module}.{2 * i}", x);
            // PixelShuffle is DepthToSpace in CRD order; the ONNX default DCR permutes channels differently.
            x = Node($"{module}.{2 * i + 1}", "DepthToSpace", [x],
                OnnxAttribute.Of("blocksize", (long)stages[i]), OnnxAttribute.Of("mode", "CRD"));
        }
        return x;
    }

    /// <summary>Stride 1, zero padding k//2 on every side, with bias; k comes from the loaded weight.</summary>
    private string Conv(string module, string x, string? output = null)
    {
        string weight = Initializer($"{module}.weight");
        string bias = Initializer($"{module}.bias");
        long[] shape = weights[$"{module}.weight"].shape;
        if (shape.Length != 4 || shape[2] != shape[3] || shape[2] % 2 == 0)
            throw new InvalidOperationException($"{module}.weight: expected an odd square kernel, got [{string.Join(",", shape)}]");
        long pad = shape[2] / 2;
        return Node(module, "Conv", [x, weight, bias],
            [OnnxAttribute.Of("kernel_shape", shape[2], shape[3]), OnnxAttribute.Of("pads", pad, pad, pad, pad),
             OnnxAttribute.Of("strides", 1L, 1L), OnnxAttribute.Of("dilations", 1L, 1L), OnnxAttribute.Of("group", 1L)],
            output);
    }

    private string Add(string name, string a, string b) => Node(name, "Add", [a, b]);

    private string Node(string name, string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        Node(name, opType, inputs, attributes, null);

    private string Node(string name, string opType, string[] inputs, OnnxAttribute[] attributes, string? output)
    {
        output ??= name;
        nodes.Add(new OnnxNode(name, opType, inputs, [output], attributes));
        return output;
    }

    /// <summary>A state_dict tensor as an initializer of the same name (each once, even if reused).</summary>
    private string Initializer(string key)
    {
        if (!weights.TryGetValue(key, out var tensor))
            throw new InvalidOperationException($"the network has no tensor {key}");
        if (used.Add(key))
        {
            if (tensor.dtype != ScalarType.Float32) throw new InvalidOperationException($"{key}: expected float32, got {tensor.dtype}");
            using var scope = NewDisposeScope();
            var cpu = tensor.detach().cpu().contiguous();
            initializers.Add(new OnnxTensor(key, cpu.shape, cpu.data<float>().ToArray()));
        }
        return key;
    }

    private string Scalar(string name, float value)
    {
        if (used.Add(name)) initializers.Add(new OnnxTensor(name, [], [value]));
        return name;
    }

    private static int IndexOf(IReadOnlyList<int> scales, int scale)
    {
        for (int k = 0; k < scales.Count; k++)
            if (scales[k] == scale) return k;
        throw new ArgumentException($"no x{scale} branch in {string.Join(",", scales.Select(s => $"x{s}"))}", nameof(scale));
    }
}
