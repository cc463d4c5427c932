using System.Buffers.Binary;
using System.Text;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Walks a pickle's opcodes without running them and refuses, before any unpickler sees the bytes, every global a
/// state_dict does not need: only <see cref="AllowedGlobals"/> may be named (by GLOBAL, INST or STACK_GLOBAL).
/// The walk keeps a model of the stack, so a STACK_GLOBAL whose names are computed or fetched in a way it cannot
/// follow is refused rather than guessed; extension-registry opcodes (EXT1/2/4) are refused, and every
/// length-prefixed argument must fit inside the pickle. A stranger's pickle thus cannot reach any constructor
/// beyond the tensor-rebuild functions, OrderedDict and the storage types.
/// </summary>
public static class PickleGlobalsCheck
{
    /// <summary>The globals <c>torch.save(state_dict)</c> files contain (zip and legacy formats, PyTorch 1.x-2.x).</summary>
    public static IReadOnlySet<string> AllowedGlobals { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
        "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage", "torch.BFloat16Storage", "torch.LongStorage",
        "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage",
    };

    /// <summary>Deepest MARK / container nesting accepted (state_dicts nest 3-4 levels).</summary>
    public const int MaxStackDepth = 100_000;

    private static readonly object Mark = new(), Value = new();

    /// <summary>
    /// Checks the pickle that starts at <paramref name="start"/> and returns the offset just after its STOP opcode
    /// (the legacy format chains several pickles).
    /// </summary>
    /// <exception cref="InvalidDataException">A global outside <see cref="AllowedGlobals"/>, an unknown opcode, or a malformed pickle; the message names <paramref name="name"/>.</exception>
    public static int Check(ReadOnlySpan<byte> pickle, string name, int start = 0)
    {
        var stack = new List<object>();
        var memo = new Dictionary<long, object>();
        int position = start;
        while (true)
        {
            if (position >= pickle.Length) throw Refuse(name, "the pickle ends without a STOP opcode");
            byte op = pickle[position++];
            switch ((char)op)
            {
                case '.': return position; // STOP
                case '(': Push(stack, Mark, name); break;
                case '0': Pop(stack, 1, name); break;
                case '1': PopMark(stack, name); break;
                case '2': Push(stack, Peek(stack, name), name); break;
                case 'N' or ')' or ']' or '}' or '\x88' or '\x89' or '\x8f' or '\x97': Push(stack, Value, name); break;
                case '\x98': break; // READONLY_BUFFER
                case 'F' or 'I' or 'L': Line(pickle, ref position, name); Push(stack, Value, name); break;
                case 'S' or 'V': Push(stack, Unquote(Line(pickle, ref position, name)), name); break;
                case 'P': Line(pickle, ref position, name); Push(stack, Value, name); break; // PERSID: the storage reference
                case 'Q': Pop(stack, 1, name); Push(stack, Value, name); break; // BINPERSID
                case 'J': Skip(pickle, ref position, 4, name); Push(stack, Value, name); break;
                case 'K': Skip(pickle, ref position, 1, name); Push(stack, Value, name); break;
                case 'M': Skip(pickle, ref position, 2, name); Push(stack, Value, name); break;
                case 'G': Skip(pickle, ref position, 8, name); Push(stack, Value, name); break;
                case '\x8a': Skip(pickle, ref position, Length(pickle, ref position, 1, name), name); Push(stack, Value, name); break;
                case '\x8b': Skip(pickle, ref position, Length(pickle, ref position, 4, name), name); Push(stack, Value, name); break;
                case 'T' or 'B': Skip(pickle, ref position, Length(pickle, ref position, 4, name), name); Push(stack, Value, name); break;
                case 'U' or 'C': Skip(pickle, ref position, Length(pickle, ref position, 1, name), name); Push(stack, Value, name); break;
                case '\x8e' or '\x96': Skip(pickle, ref position, Length(pickle, ref position, 8, name), name); Push(stack, Value, name); break;
                case 'X': Push(stack, Text(pickle, ref position, Length(pickle, ref position, 4, name), name), name); break;
                case '\x8c': Push(stack, Text(pickle, ref position, Length(pickle, ref position, 1, name), name), name); break;
                case '\x8d': Push(stack, Text(pickle, ref position, Length(pickle, ref position, 8, name), name), name); break;
                case 'R' or '\x81': Pop(stack, 2, name); Push(stack, Value, name); break; // REDUCE, NEWOBJ
                case '\x92': Pop(stack, 3, name); Push(stack, Value, name); break; // NEWOBJ_EX
                case 'a' or 'b': Pop(stack, 1, name); break; // APPEND, BUILD
                case 's': Pop(stack, 2, name); break; // SETITEM
                case 'e' or 'u' or '\x90': PopMark(stack, name); break; // APPENDS, SETITEMS, ADDITEMS
                case 'd' or 'l' or 't' or 'o' or '\x91': PopMark(stack, name); Push(stack, Value, name); break;
                case '\x85': Pop(stack, 1, name); Push(stack, Value, name); break;
                case '\x86': Pop(stack, 2, name); Push(stack, Value, name); break;
                case '\x87': Pop(stack, 3, name); Push(stack, Value, name); break;
                case 'c': Global(Line(pickle, ref position, name), Line(pickle, ref position, name), name); Push(stack, Value, name); break;
                case 'i':
                    Global(Line(pickle, ref position, name), Line(pickle, ref position, name), name);
                    PopMark(stack, name);
                    Push(stack, Value, name);
                    break;
                case '\x93': // STACK_GLOBAL: module and name are the two strings on top of the stack
                    {
                        var (module, member) = (stack.Count >= 2 ? stack[^2] : null, stack.Count >= 1 ? stack[^1] : null);
                        if (module is not string m || member is not string n)
                            throw Refuse(name, "STACK_GLOBAL names a global that is not given as two plain strings");
                        Global(m, n, name);
                        Pop(stack, 2, name);
                        Push(stack, Value, name);
                        break;
                    }
                case 'g': memo.TryGetValue(ParseLong(Line(pickle, ref position, name), name), out var g); Push(stack, g ?? throw Refuse(name, "GET of an unset memo slot"), name); break;
                case 'h': Push(stack, Fetch(memo, Length(pickle, ref position, 1, name), name), name); break;
                case 'j': Push(stack, Fetch(memo, Length(pickle, ref position, 4, name), name), name); break;
                case 'p': memo[ParseLong(Line(pickle, ref position, name), name)] = Peek(stack, name); break;
                case 'q': memo[Length(pickle, ref position, 1, name)] = Peek(stack, name); break;
                case 'r': memo[Length(pickle, ref position, 4, name)] = Peek(stack, name); break;
                case '\x94': memo[memo.Count] = Peek(stack, name); break; // MEMOIZE
                case '\x80': Skip(pickle, ref position, 1, name); break; // PROTO
                case '\x95': Skip(pickle, ref position, 8, name); break; // FRAME: a length hint only
                case '\x82' or '\x83' or '\x84':
                    throw Refuse(name, "extension-registry opcodes (EXT1/EXT2/EXT4) name globals indirectly and are not allowed");
                default:
                    throw Refuse(name, $"unknown pickle opcode 0x{op:x2} at byte {position - 1}");
            }
        }
    }

    private static void Global(string module, string member, string name)
    {
        string full = $"{module}.{member}";
        if (!AllowedGlobals.Contains(full))
            throw new InvalidDataException(
                $"{name}: refuses the pickle global '{Printable(full)}': a weights file may only name {string.Join(", ", AllowedGlobals.Take(3))} and the torch storage types " +
                "(it may be a whole pickled model or a file made to run code; re-save it with torch.save(model.state_dict()))");
    }

    private static string Printable(string text) => text.Length > 120 ? text[..120] + "..." : text;

    private static void Push(List<object> stack, object item, string name)
    {
        if (stack.Count >= MaxStackDepth) throw Refuse(name, $"the pickle stack exceeds {MaxStackDepth} items");
        stack.Add(item);
    }

    private static object Peek(List<object> stack, string name) =>
        stack.Count > 0 && stack[^1] != Mark ? stack[^1] : throw Refuse(name, "an opcode needs a value but the stack is empty");

    private static void Pop(List<object> stack, int count, string name)
    {
        for (int i = 0; i < count; i++)
        {
            if (stack.Count == 0 || stack[^1] == Mark) throw Refuse(name, "an opcode pops more values than the stack holds");
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private static void PopMark(List<object> stack, string name)
    {
        int mark = stack.LastIndexOf(Mark);
        if (mark < 0) throw Refuse(name, "an opcode needs a MARK that is not there");
        stack.RemoveRange(mark, stack.Count - mark);
    }

    private static object Fetch(Dictionary<long, object> memo, long index, string name) =>
        memo.TryGetValue(index, out var item) ? item : throw Refuse(name, $"memo slot {index} is read before it is written");

    private static long Length(ReadOnlySpan<byte> pickle, ref int position, int size, string name)
    {
        if (pickle.Length - position < size) throw Refuse(name, "the pickle ends inside an opcode's argument");
        var bytes = pickle.Slice(position, size);
        position += size;
        return size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadInt64LittleEndian(bytes) is var l and >= 0 ? l : throw Refuse(name, "a negative length"),
        };
    }

    private static void Skip(ReadOnlySpan<byte> pickle, ref int position, long count, string name)
    {
        if (count > pickle.Length - position) throw Refuse(name, $"an argument of {count} bytes runs past the end of the pickle");
        position += (int)count;
    }

    private static string Text(ReadOnlySpan<byte> pickle, ref int position, long count, string name)
    {
        int start = position;
        Skip(pickle, ref position, count, name);
        return Encoding.UTF8.GetString(pickle[start..position]);
    }

    private static string Line(ReadOnlySpan<byte> pickle, ref int position, string name)
    {
        int end = pickle[position..].IndexOf((byte)'\n');
        if (end < 0) throw Refuse(name, "the pickle ends inside a text argument");
        string line = Encoding.UTF8.GetString(pickle.Slice(position, end));
        position += end + 1;
        return line;
    }

    // Protocol-0 strings are quoted; a name built from them is compared without the quotes.
    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[^1] == text[0] ? text[1..^1] : text;

    private static long ParseLong(string text, string name) =>
        long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Refuse(name, $"memo index '{Printable(text)}' is not a number");

    private static InvalidDataException Refuse(string name, string what) => new($"{name}: not a safe PyTorch pickle: {what}");
}
