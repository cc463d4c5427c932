namespace MlNetSr.Tests.Onnx;

/// <summary>What <see cref="ProtoReader"/> finds in an exported ModelProto (field numbers from onnx.proto).</summary>
public sealed class OnnxFile
{
    public OnnxFile(string path)
    {
        var model = ProtoReader.Parse(File.ReadAllBytes(path));
        IrVersion = (long)model.Single(f => f.Number == 1).Varint;
        Opsets = model.Where(f => f.Number == 8)
            .Select(f => (Domain: f.Message.SingleOrDefault(x => x.Number == 1)?.Text ?? "", Version: (long)f.Message.Single(x => x.Number == 2).Varint))
            .ToList();
        var graph = model.Single(f => f.Number == 7).Message;
        Nodes = graph.Where(f => f.Number == 1).Select(f => Node.From(f.Message)).ToList();
        Initializers = graph.Where(f => f.Number == 5).Select(f => f.Message.Single(x => x.Number == 8).Text).ToList();
        Inputs = graph.Where(f => f.Number == 11).Select(f => f.Message.Single(x => x.Number == 1).Text).ToList();
        Outputs = graph.Where(f => f.Number == 12).Select(f => f.Message.Single(x => x.Number == 1).Text).ToList();
    }

    public long IrVersion { get; }

    public List<(string Domain, long Version)> Opsets { get; }

    public List<Node> Nodes { get; }

    public List<string> Initializers { get; }

    public List<string> Inputs { get; }

    public List<string> Outputs { get; }

    /// <summary>A node with its STRING and INT/INTS attributes.</summary>
    public sealed record Node(string OpType, string Name, IReadOnlyDictionary<string, string> Strings, IReadOnlyDictionary<string, long[]> Ints)
    {
        public static Node From(IReadOnlyList<ProtoReader.Field> node)
        {
            var strings = new Dictionary<string, string>();
            var ints = new Dictionary<string, long[]>();
            foreach (var attribute in node.Where(f => f.Number == 5).Select(f => f.Message))
            {
                string name = attribute.Single(f => f.Number == 1).Text;
                if (attribute.SingleOrDefault(f => f.Number == 4) is { } s) strings[name] = s.Text;
                var values = attribute.Where(f => f.Number is 3 or 8).Select(f => (long)f.Varint).ToArray();
                if (values.Length > 0) ints[name] = values;
            }
            return new Node(node.Single(f => f.Number == 4).Text, node.Single(f => f.Number == 3).Text, strings, ints);
        }
    }
}
