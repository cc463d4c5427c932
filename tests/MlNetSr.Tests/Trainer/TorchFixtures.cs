using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Reads Fixtures/torch (made by make_fixtures.py with PyTorch 1.13): the manifest and raw float32 tensors.</summary>
public static class TorchFixtures
{
    public static string PathOf(string file) => TestData.Fixture(Path.Combine("torch", file));

    public static Manifest Load() =>
        JsonSerializer.Deserialize<Manifest>(File.ReadAllText(PathOf("manifest.json")))!;

    public static Case Get(string name) => Load().Cases.Single(c => c.Name == name);

    /// <summary>A float32 little-endian NCHW file as a tensor of <paramref name="shape"/>.</summary>
    public static Tensor ReadTensor(string file, long[] shape)
    {
        byte[] bytes = File.ReadAllBytes(PathOf(file));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        if (values.LongLength != shape.Aggregate(1L, (a, b) => a * b))
            throw new InvalidDataException($"{file}: {values.Length} floats do not fill [{string.Join(",", shape)}]");
        return tensor(values).reshape(shape);
    }

    public sealed record Manifest([property: JsonPropertyName("torch")] string Torch, [property: JsonPropertyName("cases")] List<Case> Cases);

    public sealed record Case(
        [property: JsonPropertyName("case")] string Name,
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("architecture")] string Architecture,
        [property: JsonPropertyName("blocks")] int Blocks,
        [property: JsonPropertyName("feats")] int Features,
        [property: JsonPropertyName("res_scale")] double ResScale,
        [property: JsonPropertyName("scales")] int[] Scales,
        [property: JsonPropertyName("tensor_count")] int TensorCount,
        [property: JsonPropertyName("outputs")] List<Output> Outputs);

    public sealed record Output(
        [property: JsonPropertyName("scale")] int Scale,
        [property: JsonPropertyName("input")] string Input,
        [property: JsonPropertyName("input_shape")] long[] InputShape,
        [property: JsonPropertyName("output")] string File,
        [property: JsonPropertyName("output_shape")] long[] OutputShape);
}
