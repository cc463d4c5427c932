using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

/// <summary>Each program under samples/ runs on tiny inputs and does what it says.</summary>
public class SampleProgramTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-samples-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string CopyImages(string name, IEnumerable<string> files)
    {
        string target = Path.Combine(folder, name);
        Directory.CreateDirectory(target);
        foreach (var file in files) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [DataFact]
    public void UpscaleFolder_writes_each_image_three_times_larger()
    {
        var lr = PipelineFixture.WriteLowResolution(Path.Combine(folder, "in"), [Path.Combine(TestData.Benchmark("Set5"), "bird.png")], 3);
        var result = CliProcess.RunProgram("UpscaleFolder", Path.Combine(folder, "in"), Path.Combine(folder, "out"), "3");
        Assert.True(result.ExitCode == 0, result.Error);
        var written = ImageFile.Read(Path.Combine(folder, "out", Path.GetFileNameWithoutExtension(lr[0]) + "_x3.png"));
        Assert.Equal((288, 288), (written.Width, written.Height));
    }

    [DataFact]
    public void SuperResolutionPreprocessing_trains_the_downstream_classifier_with_and_without_SuperResolve()
    {
        var classes = Path.Combine(folder, "classes");
        CopyImages(Path.Combine("classes", "set5"), ImageFolder.List(TestData.Benchmark("Set5")));
        CopyImages(Path.Combine("classes", "set14"), ImageFolder.List(TestData.Benchmark("Set14")).Take(5));
        var result = CliProcess.RunProgram("SuperResolutionPreprocessing", classes, "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("bicubic x2", result.Output);
        Assert.Contains("SuperResolve x2", result.Output);
        Assert.Contains("training accuracy", result.Output);
    }

    [DataFact]
    public void TrainAndCompare_trains_an_EDSR_estimator_and_scores_it_beside_bicubic()
    {
        string train = CopyImages("train", ImageFolder.List(TestData.Train("T91")).Take(4));
        string bench = CopyImages("bench", ImageFolder.List(TestData.Benchmark("Set5")).Take(2));
        var result = CliProcess.RunProgram("TrainAndCompare", train, bench, "4", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("it 4/4", result.Output);
        Assert.Matches(@"bicubic\s+PSNR \d+\.\d\d dB", result.Output);
        Assert.Matches(@"EDSR \(4 it\)\s+PSNR \d+\.\d\d dB", result.Output);
    }
}
