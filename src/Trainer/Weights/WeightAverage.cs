using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// The element-wise mean of several networks' weights (stochastic weight averaging over the checkpoints of one
/// run's low-learning-rate tail, Izmailov et al. 2018). EDSR/MDSR have no batch-norm statistics to recompute, so
/// the mean is the finished network. Networks are added one at a time: only the running sum stays in memory, and
/// the first network added fixes the shape the others must have.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private SrNetwork? sum;
    private int count;

    /// <summary>How many networks were added.</summary>
    public int Count => count;

    /// <summary>Adds <paramref name="network"/>'s weights; <paramref name="name"/> (e.g. its file) is named when its shape differs.</summary>
    /// <exception cref="ArgumentException">The network's config is not the one of the networks added before.</exception>
    public void Add(SrNetwork network, string name)
    {
        if (sum is not null && !network.Config.Equals(sum.Config))
            throw new ArgumentException($"{name} holds {network.Config}, but the networks averaged so far are {sum.Config}", nameof(network));
        sum ??= Zeros(network.Config);
        var source = network.state_dict();
        using (no_grad())
        {
            foreach (var (key, tensor) in sum.state_dict()) tensor.add_(source[key]);
        }
        count++;
    }

    /// <summary>A new network holding the mean of every added network's weights.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public SrNetwork ToNetwork()
    {
        if (sum is null) throw new InvalidOperationException("no network was added to the average");
        var mean = SrModelFactory.Create(sum.Config);
        var totals = sum.state_dict();
        using (no_grad())
        {
            foreach (var (key, tensor) in mean.state_dict())
            {
                using var average = totals[key] / count;
                tensor.copy_(average);
            }
        }
        return mean;
    }

    /// <inheritdoc />
    public void Dispose() => sum?.Dispose();

    private static SrNetwork Zeros(ModelConfig config)
    {
        var network = SrModelFactory.Create(config);
        using (no_grad())
        {
            foreach (var (_, tensor) in network.state_dict()) tensor.zero_();
        }
        return network;
    }
}
