using MlNetSr.Inference;
using Xunit;

namespace MlNetSr.Tests.Quantization;

/// <summary>
/// A fact about int8 quality that holds where the int8 models are meant to run: CPUs with AVX-512 VNNI or AVX-VNNI
/// (what Precision.Auto requires). Without VNNI, ONNX Runtime's int8 convolutions take the AVX2 path, whose 16-bit
/// partial sums can saturate: Set5 x2 lost 0.224 dB there (AMD EPYC family 25, 2026-12-05) against 0.064 with VNNI.
/// Skipped, with that reason, on such CPUs and when the shared data is absent.
/// </summary>
public sealed class VnniDataFactAttribute : FactAttribute
{
    public VnniDataFactAttribute()
    {
        if (!TestData.Available) Skip = TestData.MissingMessage;
        else if (!PrecisionChoice.CpuHasVnni)
            Skip = "this CPU has no AVX-512 VNNI or AVX-VNNI: int8 runs on ONNX Runtime's AVX2 path, whose 16-bit sums can " +
                   "saturate, and the 0.10 dB floor is promised only with VNNI (docs/MODEL_CARD.md, int8 versions)";
    }
}
