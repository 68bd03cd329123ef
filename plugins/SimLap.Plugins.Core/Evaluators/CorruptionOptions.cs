using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Evaluators.Corruptions;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>corruption</c> evaluator (corruption parameters: <see cref="CorruptionParameters"/>).</summary>
public sealed class CorruptionOptions : IValidatableObject
{
    /// <summary>The corruptions applied (default: all 16).</summary>
    [Description("Corruptions applied (default all 16): gaussian_noise, shot_noise, impulse_noise, gaussian_blur, defocus_blur, motion_blur, zoom_blur, brightness, contrast, saturate, pixelate, jpeg, elastic_transform, fog, glass_blur, snow (CIFAR-10-C's 15 but frost, which needs the benchmark's frost photographs: read it with npy_dir). Parameters per severity (CIFAR-10-C, px at 32x32, scaled with the image): gaussian_noise std .04/.06/.08/.09/.10; shot_noise photons 500/250/100/75/50; impulse_noise share .01/.02/.03/.05/.07; gaussian_blur sigma .4/.6/.7/.8/1; defocus_blur disk radius+sigma (.3,.4)/(.4,.5)/(.5,.6)/(1,.2)/(1.5,.1); motion_blur radius+sigma (6,1)/(6,1.5)/(6,2)/(8,2)/(9,2.5), one-sided over 2 x radius; zoom_blur zooms up to 1.05/1.10/1.15/1.20/1.25; brightness HSV value +.05/.1/.15/.2/.3; contrast x.75/.5/.4/.3/.15; saturate S*a+b (.3,0)/(.1,0)/(1.5,0)/(2,.1)/(2.5,.2), desaturating at 1-2; pixelate box-downsample x.95/.9/.85/.75/.65 then box-upsample; jpeg quality 80/65/58/50/40 (8x8 block-DCT quantisation); elastic_transform random affine warp (3 points at the centre ± min(H,W)/3, each coordinate moved uniformly in ±a px; reflect-101 borders), then x and y displacement fields of uniform [-1,1] noise Gaussian-smoothed (sigma px) times alpha px, (a,alpha,sigma) (2.56,0,0)/(2.24,1.6,6.4)/(1.92,2.56,1.92)/(1.6,3.2,1.28)/(.96,3.2,.96); fog x + a*plasma fractal (decay d), then x*max/(max+a), (a,d) (.2,3)/(.5,3)/(.75,2.5)/(1,2)/(1.5,1.75); glass_blur Gaussian blur, rounds of random pixel shifts up to m px, blur again, (sigma,m,rounds) (.05,1,1)/(.25,1,1)/(.4,1,1)/(.25,1,2)/(.4,1,2); snow layer N(mean,std) zoomed, below threshold set to 0, motion-blurred (radius, sigma px, angle -135..-45 deg), added with its 180-degree rotation to blend*x + (1-blend)*max(x, 1.5 grey + .5), (mean,std,zoom,threshold,radius,sigma,blend) (.1,.2,1,.6,8,3,.95)/(.1,.2,1,.5,10,4,.9)/(.15,.3,1.75,.55,10,4,.9)/(.25,.3,2.25,.6,12,6,.85)/(.3,.3,1.25,.65,14,12,.8).")]
    public Corruption[] Corruptions { get; set; } = Enum.GetValues<Corruption>();

    /// <summary>A folder with a precomputed <c>-C</c> data set (CIFAR-10-C layout) read instead of computing corruptions.</summary>
    [Description("Read a precomputed -C data set instead of computing corruptions (empty: compute them): a folder with <corruption>.npy, uint8 [5*N, H, W, C] (or [5*N, H, W]), severities 1..5 stacked in blocks of N, and labels.npy, integers [5*N] (CIFAR-10-C layout). H, W, C must match the test images; N test images per severity (a seeded subset of max_samples, the clean test subset's own indices when N equals the test-split size). A relative path is resolved against the experiment file.")]
    [FilePath]
    public string NpyDir { get; set; } = "";

    /// <summary>With <see cref="NpyDir"/>: the files read (without <c>.npy</c>); empty: every <c>.npy</c> file but labels.</summary>
    [Description("With npy_dir: the corruption files read, without .npy (e.g. [gaussian_noise, fog]); empty: every .npy file in the folder except labels.npy. The corruptions option applies only to computed corruptions.")]
    public string[] NpyCorruptions { get; set; } = [];

    /// <summary>Severities applied, each 1..5.</summary>
    [Description("Severities applied, each in 1..5.")]
    public int[] Severities { get; set; } = [1, 2, 3, 4, 5];

    /// <summary>Test images corrupted (a seeded subset when the split is larger).</summary>
    [Description("Test images corrupted (a seeded random subset when the split is larger); every corruption and severity re-encodes them all.")]
    [Range(1, 10000000)]
    public int MaxSamples { get; set; } = 2000;

    /// <summary>The classifier fitted on clean training features.</summary>
    [Description("Classifier fitted on clean training features: ridge (closed-form linear probe, lambda by leave-one-out) or knn (weighted kNN).")]
    public ProbeClassifier Classifier { get; set; } = ProbeClassifier.Ridge;

    /// <summary>Ridge: penalties chosen by leave-one-out accuracy.</summary>
    [Description("Ridge: penalties lambda chosen by leave-one-out accuracy on the clean training features; each > 0.")]
    public double[] RidgeLambdas { get; set; } = [.. LinearProbeSettings.DefaultRidgeLambdas];

    /// <summary>kNN: neighbours voting.</summary>
    [Description("kNN: nearest training neighbours that vote (capped at the training-set size).")]
    [Range(1, 100000)]
    public int K { get; set; } = 200;

    /// <summary>kNN: vote temperature.</summary>
    [Description("kNN: temperature of the vote weights exp(cosine / temperature).")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.07;

    /// <summary>Images corrupted at once.</summary>
    [Description("Images corrupted at once (bounds memory).")]
    [Range(1, 1000000)]
    public int BatchSize { get; set; } = 512;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Corruptions is not { Length: > 0 })
        {
            yield return new ValidationResult("corruptions must name at least one corruption.", [nameof(Corruptions)]);
        }

        if (Severities is not { Length: > 0 } || Severities.Any(s => s is < 1 or > CorruptionParameters.Severities))
        {
            yield return new ValidationResult("severities must be a non-empty list of values in 1..5.", [nameof(Severities)]);
        }

        if (NpyCorruptions is { Length: > 0 } && string.IsNullOrWhiteSpace(NpyDir))
        {
            yield return new ValidationResult("npy_corruptions needs npy_dir, the folder holding the files.", [nameof(NpyCorruptions)]);
        }

        foreach (var name in NpyCorruptions ?? [])
        {
            if (!IsCorruptionName(name) || name == "labels")
            {
                yield return new ValidationResult($"npy_corruptions: '{name}' is not a corruption file name (letters, digits, '_', '-', without .npy; not labels).", [nameof(NpyCorruptions)]);
            }
        }

        foreach (var result in ProbeOptionChecks.Validate([0], RidgeLambdas))
        {
            yield return result;
        }
    }

    /// <summary>Whether <paramref name="name"/> can name a corruption file and a metric (letters, digits, '_' and '-').</summary>
    internal static bool IsCorruptionName(string name) => Regex.IsMatch(name, "^[A-Za-z0-9_-]+$");
}
