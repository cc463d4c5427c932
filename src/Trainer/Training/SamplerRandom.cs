namespace MlNetSr.Trainer.Training;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the random source of patch sampling. Unlike System.Random its whole
/// state is four numbers, saved in every checkpoint so that a resumed run draws exactly the patches the
/// uninterrupted run would have drawn.
/// </summary>
public sealed class SamplerRandom
{
    private ulong s0, s1, s2, s3;

    /// <summary>A generator whose state is four SplitMix64 outputs from <paramref name="seed"/>.</summary>
    public SamplerRandom(long seed)
    {
        ulong x = (ulong)seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    private SamplerRandom(ulong[] state) => (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);

    /// <summary>A copy of the four state words, for a checkpoint; <see cref="FromState"/> continues from it.</summary>
    public ulong[] State => [s0, s1, s2, s3];

    /// <summary>A generator that continues from a saved <see cref="State"/>.</summary>
    /// <exception cref="ArgumentException">The state is not four numbers, or all four are zero.</exception>
    public static SamplerRandom FromState(ulong[] state) =>
        state is { Length: 4 } && state.Any(v => v != 0) ? new SamplerRandom(state)
            : throw new ArgumentException("a sampler state is four numbers, not all zero", nameof(state));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform over [0, exclusiveMaximum), without modulo bias.</summary>
    public int NextInt(int exclusiveMaximum)
    {
        if (exclusiveMaximum <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMaximum), $"{exclusiveMaximum} must be positive");
        ulong bound = (ulong)exclusiveMaximum, limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong value;
        do value = NextUInt64(); while (value >= limit);
        return (int)(value % bound);
    }

    /// <summary>A fair coin.</summary>
    public bool NextBool() => (NextUInt64() >> 63) != 0;

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
