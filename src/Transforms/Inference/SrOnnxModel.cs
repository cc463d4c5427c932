using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSr.Onnx;

namespace MlNetSr.Inference;

/// <summary>
/// A super-resolution ONNX model ready to run: NCHW float32 RGB in [0, 255] in, <see cref="Scale"/> times larger out.
/// Scale and receptive field come from MlNetSr's metadata (<c>mlnetsr.scale</c>, <c>mlnetsr.receptive_field_lr</c>);
/// for other models the scale is found by a probe run. Safe for concurrent callers (ONNX Runtime sessions are).
/// </summary>
public sealed class SrOnnxModel : IDisposable
{
    /// <summary>Context used when a model does not state its receptive field (covers EDSR-32 and MDSR-16).</summary>
    public const int FallbackReceptiveField = 72;

    private readonly OnnxSession session;
    private readonly string inputName, outputName;

    /// <summary>The upscaling factor (from the metadata, else found by a probe run).</summary>
    public int Scale { get; }

    /// <summary>Receptive-field radius in LR pixels, or null when the model does not say.</summary>
    public int? ReceptiveField { get; }

    /// <summary>Feature channels (<c>mlnetsr.features</c>), or null when the model does not say.</summary>
    public int? Features { get; }

    /// <summary>"CPU" or "CUDA (GPU 0)", with the reason when CUDA was wanted but not available.</summary>
    public string Provider => session.Provider;

    /// <summary>The name errors and reports use (file name or "embedded ...").</summary>
    public string Name { get; }

    /// <summary>The model's metadata_props.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SrOnnxModel(OnnxSession session, string name, int? expectedScale)
    {
        this.session = session;
        Name = name;
        inputName = session.Session.InputMetadata.Keys.Single();
        outputName = session.Session.OutputMetadata.Keys.First();
        Metadata = session.Session.ModelMetadata.CustomMetadataMap;
        var inputShape = session.Session.InputMetadata[inputName].Dimensions;
        if (inputShape.Length != 4 || (inputShape[1] != 3 && inputShape[1] != -1))
            throw new InvalidDataException($"{name}: input '{inputName}' has shape [{string.Join(",", inputShape)}]; a [N,3,H,W] image input is needed");
        Scale = Metadata.TryGetValue("mlnetsr.scale", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : ProbeScale();
        ReceptiveField = Metadata.TryGetValue("mlnetsr.receptive_field_lr", out var rf) ? int.Parse(rf, CultureInfo.InvariantCulture) : null;
        Features = Metadata.TryGetValue("mlnetsr.features", out var f) && int.TryParse(f, CultureInfo.InvariantCulture, out int features) && features > 0 ? features : null;
        if (expectedScale is int wanted && wanted != Scale)
            throw new ArgumentException($"{name} is a x{Scale} model, but x{wanted} was asked for");
    }

    /// <summary>Loads a model file; <paramref name="expectedScale"/>, when given, must be its scale.</summary>
    /// <param name="path">the .onnx file</param>
    /// <param name="options">device settings</param>
    /// <param name="expectedScale">the scale the caller needs</param>
    public static SrOnnxModel Load(string path, InferenceOptions? options = null, int? expectedScale = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        OnnxModelCheck.CheckFileSize(path);
        return Load(File.ReadAllBytes(path), Path.GetFileName(path), options, expectedScale);
    }

    /// <summary>Loads a model from its bytes; <paramref name="expectedScale"/>, when given, must be its scale.</summary>
    /// <param name="model">ONNX bytes</param>
    /// <param name="name">the name errors use</param>
    /// <param name="options">device settings</param>
    /// <param name="expectedScale">the scale the caller needs</param>
    /// <exception cref="InvalidDataException">the bytes are not a well-formed, self-contained SR model (<see cref="OnnxModelCheck"/>) or ONNX Runtime refuses them</exception>
    public static SrOnnxModel Load(byte[] model, string name, InferenceOptions? options = null, int? expectedScale = null)
    {
        options ??= new InferenceOptions();
        options.Validate();
        // ONNX Runtime is native code: a malformed file must be refused before it parses it (OnnxModelCheck).
        OnnxModelCheck.Check(model, name);
        OnnxSession session;
        try { session = OnnxSessionFactory.Create(model, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"{name}: not a usable ONNX model ({e.Message.Split('\n')[0]})", e); }
        try { return new SrOnnxModel(session, name, expectedScale); }
        catch (OnnxRuntimeException e)
        {
            // The scale probe (a model without mlnetsr.scale) ran the graph and ONNX Runtime refused it.
            session.Dispose();
            throw new InvalidDataException($"{name}: the model does not run on an 8x8 image ({e.Message.Split('\n')[0]})", e);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs [count, 3, height, width] planes; returns [count, 3, Scale*height, Scale*width].</summary>
    public float[] Run(float[] input, int count, int height, int width)
    {
        var output = new float[input.Length * Scale * Scale];
        Run(input, count, height, width, output);
        return output;
    }

    /// <summary>
    /// Runs [count, 3, height, width] planes from <paramref name="input"/> into <paramref name="output"/>
    /// ([count, 3, Scale*height, Scale*width]) with no allocation: ONNX Runtime reads and writes the caller's arrays.
    /// </summary>
    public void Run(Memory<float> input, int count, int height, int width, Memory<float> output)
    {
        long inputLength = 3L * count * height * width, outputLength = inputLength * Scale * Scale;
        if (input.Length < inputLength || output.Length < outputLength)
            throw new ArgumentException($"buffers hold {input.Length} and {output.Length} values; [{count},3,{height},{width}] at x{Scale} needs {inputLength} and {outputLength}");
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input[..(int)inputLength], [count, 3, height, width]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output[..(int)outputLength], [count, 3, Scale * height, Scale * width]);
        using var runOptions = new RunOptions();
        session.Session.Run(runOptions, [inputName], [inputValue], [outputName], [outputValue]);
    }

    private int ProbeScale()
    {
        var tensor = new DenseTensor<float>(new float[3 * 8 * 8], [1, 3, 8, 8]);
        using var results = session.Session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)], [outputName]);
        var dims = results[0].AsTensor<float>().Dimensions;
        if (dims.Length != 4 || dims[2] % 8 != 0 || dims[2] != dims[3] || dims[2] / 8 < 2)
            throw new InvalidDataException($"{Name}: an 8x8 input gave [{string.Join(",", dims.ToArray())}], not an enlarged image");
        return dims[2] / 8;
    }

    /// <inheritdoc/>
    public void Dispose() => session.Dispose();
}
