using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests;

/// <summary>One redaction for every artifact, param, tag, log line and message: URI passwords, token-like query values, registered secrets.</summary>
public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("http://alice:s3cret@127.0.0.1:5000/", "http://alice:***@127.0.0.1:5000/")]
    [InlineData("tracking URI 'https://alice:p%40ss@mlflow.lab' cannot be used", "tracking URI 'https://alice:***@mlflow.lab' cannot be used")]
    [InlineData("https://ghp_abc123@github.com/x.git", "https://***@github.com/x.git")]
    [InlineData("ssh://git@github.com/x.git", "ssh://git@github.com/x.git")]
    [InlineData("https://data.lab/cifar.tar.gz?token=t0ken&v=2", "https://data.lab/cifar.tar.gz?token=***&v=2")]
    [InlineData("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Credential=AKIA/x&X-Amz-Date=1", "https://b.s3.amazonaws.com/k?X-Amz-Signature=***&X-Amz-Credential=***&X-Amz-Date=1")]
    [InlineData("(see https://h/p?access_token=zz9)", "(see https://h/p?access_token=***)")]
    [InlineData("https://h/p?api_key=k1&page=3", "https://h/p?api_key=***&page=3")]
    [InlineData("plain text, no URI: alice@example.org", "plain text, no URI: alice@example.org")]
    [InlineData("./mlruns", "./mlruns")]
    public void CredentialsInURIsAreMaskedAndEverythingElseIsKept(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Fact]
    public void APasswordFromTheEnvironmentOrAURIIsMaskedWhereverItAppearsLater()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        _ = MlflowRestOptions.FromEnvironment("http://127.0.0.1:1", name => name == MlflowRestOptions.PasswordVariable ? password : name == MlflowRestOptions.UsernameVariable ? "bob" : null);
        var uriPassword = "uri-" + Guid.NewGuid().ToString("N");
        _ = new MlflowRestOptions($"http://alice:{uriPassword}@127.0.0.1:1");

        Assert.Equal("server said: bad password *** for bob", SecretRedaction.Redact($"server said: bad password {password} for bob"));
        Assert.Equal("echo ***", SecretRedaction.Redact($"echo {uriPassword}"));
        Assert.True(SecretRedaction.HasCredentials("http://a:b@c"));
        Assert.False(SecretRedaction.HasCredentials("http://c/d"));
    }
}
