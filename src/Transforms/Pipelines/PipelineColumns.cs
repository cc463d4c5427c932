using MlNetSr.Onnx;

namespace MlNetSr.Pipelines;

/// <summary>
/// Names of the temporary columns inside MlNetSr's pipeline parts. CustomMapping binds columns by the row classes'
/// names, so each part copies the user's column in under a fixed name and copies its result out, then drops these.
/// </summary>
internal static class PipelineColumns
{
    public const string Image = "mlnetsr_image";
    public const string Pixels = FlatImageGraph.PixelsInput;
    public const string Shape = FlatImageGraph.ShapeInput;
    public const string ResultPixels = FlatImageGraph.PixelsOutput;
    public const string ResultShape = FlatImageGraph.ShapeOutput;
    public const string Result = "mlnetsr_result";

    public static readonly string[] All = [Image, Pixels, Shape, ResultPixels, ResultShape, Result];
}
