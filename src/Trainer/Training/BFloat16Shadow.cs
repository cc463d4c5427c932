using MlNetSr.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Mixed precision without autocast (TorchSharp has none): a bfloat16 copy of the network runs forward and backward;
/// its gradients are copied into the float32 master's gradient buffers, where Adam updates the weights; the next
/// forward copies the updated weights back. Only the master is saved, so checkpoints are the same in both precisions.
/// </summary>
internal sealed class BFloat16Shadow : IDisposable
{
    private readonly SrNetwork shadow;
    private readonly (Parameter Master, Parameter Copy)[] pairs;

    public BFloat16Shadow(SrNetwork master)
    {
        shadow = SrModelFactory.Create(master.Config);
        shadow.to(ScalarType.BFloat16);
        shadow.train();
        var copies = shadow.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        pairs = master.named_parameters().Select(p => (p.parameter, copies[p.name])).ToArray();

        // Adam reads .grad, which only a backward pass allocates; one over zero-weighted sums gives every trainable
        // master weight a float32 gradient buffer that later steps overwrite in place.
        using var scope = NewDisposeScope();
        var trainable = pairs.Where(p => p.Master.requires_grad).Select(p => (p.Master * 0).sum()).ToList();
        if (trainable.Count > 0) stack(trainable).sum().backward();
    }

    /// <summary>Forward in bfloat16 with the master's current weights; the output comes back as float32.</summary>
    public Tensor Forward(Tensor input, int scale)
    {
        using (no_grad())
            foreach (var (master, copy) in pairs) copy.copy_(master);
        shadow.zero_grad(set_to_none: true);
        return shadow.forward(input.to(ScalarType.BFloat16), scale).to(ScalarType.Float32);
    }

    /// <summary>After backward: the shadow's gradients become the master's (untouched MDSR branches have none).</summary>
    public void CopyGradients()
    {
        using var scope = NewDisposeScope();
        foreach (var (master, copy) in pairs)
            if (copy.grad is Tensor gradient && master.grad is Tensor target) target.copy_(gradient);
    }

    public void Dispose() => shadow.Dispose();
}
