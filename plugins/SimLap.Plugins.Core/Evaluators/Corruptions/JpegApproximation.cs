using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// JPEG re-encoding approximated in tensors: RGB to YCbCr (JFIF), 8x8 block DCT-II (orthonormal) of each channel
/// shifted by -128, rounding of each coefficient to a multiple of the IJG quantisation table (luminance for Y,
/// chrominance for Cb and Cr) scaled by quality (50/q for q &lt; 50, 2 - q/50 otherwise, entries clamped to [1, 255]),
/// inverse DCT, back to RGB. No chroma subsampling; images whose size is not a multiple of 8 are padded by edge
/// replication and cropped back.
/// </summary>
internal static class JpegApproximation
{
    private static readonly double[] Luminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly double[] Chrominance =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private static readonly double[,] RgbToYcc =
    {
        { 0.299, 0.587, 0.114 },
        { -0.168736, -0.331264, 0.5 },
        { 0.5, -0.418688, -0.081312 },
    };

    /// <summary>Re-encodes float images [B, C, H, W] in [0, 1] (C = 1 or 3) at <paramref name="quality"/> (1..100).</summary>
    public static Tensor Apply(Tensor images, int quality)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var x = images.to(ScalarType.Float64).mul(255);
        var toYcc = tensor(RgbToYcc, dtype: ScalarType.Float64, device: x.device);
        if (c == 3)
        {
            x = einsum("ij,bjhw->bihw", toYcc, x);
        }
        else
        {
            x = x.sub(128);
        }

        if (c == 3)
        {
            x = x.sub(tensor(new double[] { 128, 0, 0 }, dtype: ScalarType.Float64, device: x.device).view(1, 3, 1, 1));
        }

        var (ph, pw) = ((8 - (h % 8)) % 8, (8 - (w % 8)) % 8);
        if (ph > 0 || pw > 0)
        {
            x = nn.functional.pad(x, [0, pw, 0, ph], PaddingModes.Replicate);
        }

        var (hh, ww) = (h + ph, w + pw);
        var blocks = x.reshape(b, c, hh / 8, 8, ww / 8, 8).permute(0, 1, 2, 4, 3, 5);
        var dct = DctMatrix(x.device);
        var coefficients = dct.matmul(blocks).matmul(dct.t());
        var tables = Tables(quality, c, x.device).view(1, c, 1, 1, 8, 8);
        var quantised = coefficients.div(tables).round().mul(tables);
        var restored = dct.t().matmul(quantised).matmul(dct).permute(0, 1, 2, 4, 3, 5).reshape(b, c, hh, ww).narrow(2, 0, h).narrow(3, 0, w);
        Tensor rgb;
        if (c == 3)
        {
            restored = restored.add(tensor(new double[] { 128, 0, 0 }, dtype: ScalarType.Float64, device: x.device).view(1, 3, 1, 1));
            rgb = einsum("ij,bjhw->bihw", linalg.inv(toYcc), restored);
        }
        else
        {
            rgb = restored.add(128);
        }

        return rgb.div(255).clamp(0, 1).to(images.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>The orthonormal 8x8 DCT-II matrix D (coefficients = D X D^T).</summary>
    public static Tensor DctMatrix(Device device)
    {
        var values = new double[64];
        for (var k = 0; k < 8; k++)
        {
            for (var n = 0; n < 8; n++)
            {
                var scale = k == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8);
                values[(k * 8) + n] = scale * Math.Cos(Math.PI * (2 * n + 1) * k / 16.0);
            }
        }

        return tensor(values, dtype: ScalarType.Float64, device: device).reshape(8, 8);
    }

    private static Tensor Tables(int quality, long channels, Device device)
    {
        var q = Math.Clamp(quality, 1, 100);
        var scale = q < 50 ? 5000.0 / q : 200.0 - (2.0 * q);
        double[] Scaled(double[] table) => table.Select(v => Math.Clamp(Math.Floor(((v * scale) + 50) / 100), 1, 255)).ToArray();
        var luminance = Scaled(Luminance);
        var chrominance = Scaled(Chrominance);
        var all = channels == 3 ? [.. luminance, .. chrominance, .. chrominance] : luminance;
        return tensor(all, dtype: ScalarType.Float64, device: device).reshape(channels, 8, 8);
    }
}
