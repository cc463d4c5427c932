using MlNetSr.Onnx;

namespace MlNetSr.Pipelines;

/// <summary>
/// Names of the temporary columns inside MlNetSr's pipeline parts. CustomMapping binds columns by the row classes'
/// names, so each part copies the user's column in under a fixed name and copies its result out, then drops these.
/// </summary>
internal static class PipelineColumns
{
    public const string Image = "mlnetsr_image";
    public const string Size = ModelCarrierGraph.SizeInput;
    public const string Model = ModelCarrierGraph.ModelOutput;
    public const string Settings = ModelCarrierGraph.SettingsOutput;
    public const string Source = "mlnetsr_source";
    public const string Result = "mlnetsr_result";

    public static readonly string[] All = [Image, Size, Source, Model, Settings, Result];
}
