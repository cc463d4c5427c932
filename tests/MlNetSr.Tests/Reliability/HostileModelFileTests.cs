using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using MlNetSr.Inference;
using MlNetSr.IO;
using MlNetSr.Onnx;
using MlNetSr.Pipelines;
using MlNetSr.Tests.Pipelines;
using MlNetSr.Tests.Trainer;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// Model files made to hurt: pickles naming globals a state_dict does not need, storages and tensors larger than
/// their file, ONNX tensors declaring absurd sizes or external data, zip bombs for Model.Load. Each is refused
/// before the allocation or the parser it targets, with the file and the offending name or size in the message.
/// </summary>
public sealed class HostileModelFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("os\nsystem", "os.system")]
    [InlineData("builtins\neval", "builtins.eval")]
    [InlineData("torch._utils\n_rebuild_parameter", "torch._utils._rebuild_parameter")]
    public void A_zip_checkpoint_naming_another_global_is_refused_with_its_name(string global, string shown)
    {
        string path = TinyZipCheckpoint("tiny.pt");
        RewritePickle(path, pickle => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(pickle).Replace("collections\nOrderedDict", global)));

        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"refuses the pickle global '{shown}'", error.Message);
    }

    [Fact]
    public void A_stack_global_built_from_strings_is_refused_too()
    {
        // Protocol 4: push "os", "system", STACK_GLOBAL, then call it with ("x",) - what a code-running pickle does.
        byte[] pickle = [0x80, 4, 0x8c, 2, .. "os"u8, 0x8c, 6, .. "system"u8, 0x93, 0x8c, 1, (byte)'x', 0x85, (byte)'R', (byte)'.'];
        string path = Path.Combine(folder, "stack_global.pt");
        File.WriteAllBytes(path, pickle);

        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.Contains("refuses the pickle global 'os.system'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_legacy_storage_larger_than_the_file_is_refused_before_it_is_allocated()
    {
        byte[] file = File.ReadAllBytes(TorchFixtures.PathOf("edsr_b2f16_x2_legacy.pt"));
        int end = 0;
        for (int k = 0; k < 5; k++) end = PickleGlobalsCheck.Check(file, "fixture", end);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(end), 1L << 40); // the first storage's element count
        string path = Path.Combine(folder, "huge_storage.pt");
        File.WriteAllBytes(path, file);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("declares 1099511627776 elements", error.Message);
        Assert.Contains(path, error.Message);
        Assert.True(allocated < 16 * file.Length + (16 << 20), $"{allocated:N0} bytes allocated for a {file.Length:N0}-byte file");
    }

    [Fact]
    public void A_zip_storage_entry_shorter_than_its_tensor_is_refused()
    {
        string path = TinyZipCheckpoint("short.pt");
        RewriteEntries(path, (name, data) => name.EndsWith("/data/0", StringComparison.Ordinal) ? data[..(data.Length / 2)] : data);

        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("storage 0 declares", error.Message);
    }

    [Fact]
    public void A_safetensors_shape_larger_than_its_data_is_refused_before_it_is_allocated()
    {
        // 10^10 float32 values (40 GB) declared over 16 bytes of data.
        byte[] header = Encoding.UTF8.GetBytes("{\"head.0.weight\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,16]}}");
        string path = Path.Combine(folder, "huge.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[16]]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);

        Assert.Contains(path, error.Message);
        Assert.Contains("declares shape [100000,100000] (40000000000 bytes) but data_offsets hold 16 bytes", error.Message);
    }

    [Fact]
    public void An_onnx_tensor_declaring_more_elements_than_the_file_holds_is_refused_before_a_session()
    {
        string path = Path.Combine(folder, "absurd.onnx");
        File.WriteAllBytes(path, Model(Tensor("w", [1_000_000, 1_000_000], raw: new byte[16])));

        var error = Assert.Throws<InvalidDataException>(() => SrOnnxModel.Load(path));

        Assert.Contains("absurd.onnx", error.Message);
        Assert.Contains("dims [1000000,1000000] = 1000000000000 elements", error.Message);
    }

    [Fact]
    public void An_onnx_tensor_whose_raw_data_disagrees_with_its_dims_is_refused()
    {
        string path = Path.Combine(folder, "short_raw.onnx");
        File.WriteAllBytes(path, Model(Tensor("w", [4, 4], raw: new byte[60])));

        var error = Assert.Throws<InvalidDataException>(() => SrOnnxModel.Load(path));
        Assert.Contains("short_raw.onnx", error.Message);
        Assert.Contains("declares dims [4,4] (64 bytes) but holds 60 bytes", error.Message);
    }

    [Fact]
    public void An_onnx_tensor_kept_in_an_external_file_is_refused()
    {
        // External data would make ONNX Runtime open a path the model names (e.g. ../../etc/passwd).
        var external = new ProtobufWriter().Int64(1, 4).Int64(2, 1).String(8, "w")
            .Message(13, new ProtobufWriter().String(1, "location").String(2, "../../etc/passwd")).Int64(14, 1);
        string path = Path.Combine(folder, "external.onnx");
        File.WriteAllBytes(path, Model(external));

        var error = Assert.Throws<InvalidDataException>(() => SrOnnxModel.Load(path));
        Assert.Contains("external.onnx", error.Message);
        Assert.Contains("external file", error.Message);
    }

    [Fact]
    public void Onnx_metadata_that_is_not_a_scale_is_refused()
    {
        byte[] model = File.ReadAllBytes(TestData.Fixture(Path.Combine("onnx", "edsr_b2f16_x2.onnx")));
        var withBadScale = new ProtobufWriter().Raw(model).Message(14, new ProtobufWriter().String(1, "mlnetsr.scale").String(2, "two")).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => SrOnnxModel.Load(withBadScale, "bad_scale.onnx"));
        Assert.Contains("bad_scale.onnx", error.Message);
        Assert.Contains("mlnetsr.scale = 'two'", error.Message);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_LoadModel_with_its_sizes_before_mlnet_opens_it()
    {
        string path = Path.Combine(folder, "bomb.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var stream = archive.CreateEntry("TransformerChain/Model.key", CompressionLevel.SmallestSize).Open())
        {
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) stream.Write(zeros); // 256 MiB of zeros: about 250 KB on disk
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);

        var error = Assert.Throws<InvalidDataException>(() => new MLContext().SuperResolution().LoadModel(path, out _));
        Assert.Contains(path, error.Message);
        Assert.Contains("268,435,456", error.Message);
        Assert.Contains("MaxCompressionRatio", error.Message);

        var total = Assert.Throws<InvalidDataException>(() => ModelZipCheck.Check(path, new ModelZipLimits { MaxCompressionRatio = 10_000, MaxExpandedBytes = 100L << 20 }));
        Assert.Contains("MaxExpandedBytes", total.Message);
    }

    [Fact]
    public void A_zip_entry_never_inflates_past_its_declared_size()
    {
        string path = Path.Combine(folder, "liar.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var stream = archive.CreateEntry("data", CompressionLevel.Optimal).Open())
            stream.Write(Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 13)).ToArray());
        // Declare 1,000 bytes in the central directory (uncompressed size at offset 24 of the PK\1\2 record).
        byte[] bytes = File.ReadAllBytes(path);
        int record = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(record + 24), 1_000);
        File.WriteAllBytes(path, bytes);

        // ModelZipCheck bounds the declared sizes; that bounds what ML.NET inflates only if .NET stops at them.
        ModelZipCheck.Check(path);
        using var read = ZipFile.OpenRead(path);
        using var entry = read.Entries.Single().Open();
        long inflated = 0;
        var buffer = new byte[4096];
        try { for (int n; (n = entry.Read(buffer)) > 0;) inflated += n; }
        catch (InvalidDataException) { /* refusing the entry outright is just as safe */ }
        Assert.True(inflated <= 1_000, $"the entry inflated to {inflated} bytes, past the 1,000 it declares");
    }

    [Fact]
    public void A_saved_super_resolution_pipeline_passes_the_check_and_loads()
    {
        var ml = new MLContext(seed: 1);
        var data = PipelineFixture.Paths(ml, [TestData.Fixture(Path.Combine("images", "rgb.png"))]);
        var pipeline = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "Image", ModelFile = TestData.Fixture(Path.Combine("onnx", "edsr_b2f16_x2.onnx")) }))
            .Fit(data);
        string path = Path.Combine(folder, "pipeline.zip");
        ml.Model.Save(pipeline, data.Schema, path);

        var loaded = ml.SuperResolution().LoadModel(path, out var schema);

        Assert.NotNull(schema.GetColumnOrNull(nameof(PathRow.ImagePath)));
        Assert.NotNull(loaded.GetOutputSchema(schema).GetColumnOrNull("Image"));
    }

    private string TinyZipCheckpoint(string name)
    {
        string path = Path.Combine(folder, name);
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [2]));
        WeightsExporter.SavePyTorch(network, path);
        return path;
    }

    private static void RewritePickle(string path, Func<byte[], byte[]> change) =>
        RewriteEntries(path, (name, data) => name.EndsWith("data.pkl", StringComparison.Ordinal) ? change(data) : data);

    private static void RewriteEntries(string path, Func<string, byte[], byte[]> change)
    {
        var entries = new List<(string, byte[])>();
        using (var archive = ZipFile.OpenRead(path))
            foreach (var entry in archive.Entries)
            {
                using var source = entry.Open();
                using var copy = new MemoryStream();
                source.CopyTo(copy);
                entries.Add((entry.FullName, change(entry.FullName, copy.ToArray())));
            }
        File.Delete(path);
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using var stream = output.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(data);
        }
    }

    private static ProtobufWriter Tensor(string name, long[] dims, byte[] raw)
    {
        var tensor = new ProtobufWriter();
        foreach (long d in dims) tensor.Int64(1, d);
        return tensor.Int64(2, 1).String(8, name).Bytes(9, raw);
    }

    // A one-Identity model with an image input and one initializer: enough to reach the tensor checks.
    private static byte[] Model(ProtobufWriter initializer)
    {
        var graph = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "lr").String(2, "sr").String(4, "Identity"))
            .String(2, "g")
            .Message(5, initializer)
            .Message(11, ImageValue("lr"))
            .Message(12, ImageValue("sr"));
        return new ProtobufWriter().Int64(1, 8).Message(7, graph).Message(8, new ProtobufWriter().String(1, "").Int64(2, 17)).ToArray();
    }

    private static ProtobufWriter ImageValue(string name)
    {
        var shape = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(2, "n")).Message(1, new ProtobufWriter().Int64(1, 3))
            .Message(1, new ProtobufWriter().String(2, "h")).Message(1, new ProtobufWriter().String(2, "w"));
        var tensorType = new ProtobufWriter().Int64(1, 1).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
