using System.Runtime.CompilerServices;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MlNetSr.Pipelines;

/// <summary>
/// Lets row classes declare <see cref="MLImage"/> fields (CustomMapping's inputs and outputs): ML.NET needs the
/// type registered once per process, and <c>[ImageType]</c> without a size is refused. Runs when this assembly
/// loads, including when ML.NET loads a saved model that refers to it.
/// </summary>
internal static class ImageTypeRegistration
{
    private static int done;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "A library must register MLImage before ML.NET loads a saved model that names it; no caller can be asked to do it first.")]
    [ModuleInitializer]
    internal static void Register()
    {
        if (Interlocked.Exchange(ref done, 1) == 1) return;
        try { DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage)); }
        catch (ArgumentException) { } // already registered by the application or another library: same type
        catch (InvalidOperationException) { }
    }
}
