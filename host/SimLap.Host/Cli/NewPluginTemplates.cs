namespace SimLap.Host.Cli;

/// <summary>
/// The files <c>simlap new plugin</c> writes, as text with placeholders: <c>$NAME$</c> (the plugin's name and root
/// namespace), <c>$CONTRACTS$</c>, <c>$TORCHSHARP$</c>, <c>$LIBTORCH_PACKAGE$</c>, <c>$LIBTORCH$</c> (package versions),
/// <c>$FEED$</c> (the local feed folder).
/// </summary>
public static class NewPluginTemplates
{
    /// <summary>The YAML name of the example component.</summary>
    public const string ComponentName = "align-uniform";

    /// <summary>The files of a plugin (with a nuget.config when it uses a local feed), by path relative to the output folder, with placeholders.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(string name, bool withFeed)
    {
        var files = CommonFiles(name).ToList();
        if (withFeed)
        {
            files.Insert(3, ("nuget.config", NuGetConfig));
        }

        return files;
    }

    private static IEnumerable<(string Path, string Text)> CommonFiles(string name) =>
    [
        ("Directory.Build.props", DirectoryBuildProps),
        ("Directory.Build.targets", DirectoryBuildTargets),
        ("Directory.Packages.props", DirectoryPackagesProps),
        (".gitignore", GitIgnore),
        ($"{name}.slnx", Solution),
        ("README.md", Readme),
        ($"src/{name}/{name}.csproj", PluginProject),
        ($"src/{name}/AlignUniformLoss.cs", Loss),
        ($"src/{name}/AlignUniformLossOptions.cs", LossOptions),
        ($"tests/{name}.Tests/{name}.Tests.csproj", TestProject),
        ($"tests/{name}.Tests/AlignUniformLossTests.cs", LossTests),
        ("experiments/align-uniform.yaml", Experiment),
    ];

    private const string DirectoryBuildProps = """
        <Project>
          <!-- Shared by the plugin and its tests; also keeps MSBuild from importing Directory.Build.props of folders above. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <Version>0.1.0</Version>
            <!-- libtorch (about 600 MB) is hard-linked into the test output instead of copied. -->
            <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
          </PropertyGroup>
        </Project>

        """;

    private const string DirectoryBuildTargets = """
        <Project>
          <!-- Keeps MSBuild from importing Directory.Build.targets of folders above. -->
        </Project>

        """;

    private const string DirectoryPackagesProps = """
        <Project>
          <!-- One version of each package for the plugin and its tests. SimLap.Contracts and TorchSharp must be the
               versions of the simlap host the plugin runs in (simlap plugins shows them; see README.md);
               SimLap.Contracts.Helpers and .Testing are released with the contracts, at their version. -->
          <PropertyGroup>
            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageVersion Include="SimLap.Contracts" Version="$CONTRACTS$" />
            <PackageVersion Include="SimLap.Contracts.Helpers" Version="$CONTRACTS$" />
            <PackageVersion Include="SimLap.Contracts.Testing" Version="$CONTRACTS$" />
            <PackageVersion Include="TorchSharp" Version="$TORCHSHARP$" />
            <PackageVersion Include="$LIBTORCH_PACKAGE$" Version="$LIBTORCH$" />
            <PackageVersion Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageVersion Include="xunit" Version="2.9.3" />
            <PackageVersion Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
        </Project>

        """;

    private const string NuGetConfig = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <!-- The folder holding SimLap.Contracts(.Helpers, .Testing).<version>.nupkg (dotnet pack contracts -o <folder>). -->
            <add key="simlap-local" value="$FEED$" />
          </packageSources>
        </configuration>

        """;

    private const string GitIgnore = """
        bin/
        obj/
        mlruns/
        checkpoints/

        """;

    private const string Solution = """
        <Solution>
          <Project Path="src/$NAME$/$NAME$.csproj" />
          <Project Path="tests/$NAME$.Tests/$NAME$.Tests.csproj" />
        </Solution>

        """;

    private const string PluginProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <!-- A plugin: its dependencies are copied beside it and listed in its deps.json, for the host to load. -->
            <EnableDynamicLoading>true</EnableDynamicLoading>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <Description>SimLap.Framework plugin $NAME$.</Description>
          </PropertyGroup>
          <ItemGroup>
            <!-- The simlap host provides the contracts and TorchSharp at run time (shared types): keep them, and libtorch,
                 out of the plugin's folder. Other packages you add are copied beside the plugin and stay private to it. -->
            <PackageReference Include="SimLap.Contracts" ExcludeAssets="runtime;native" />
            <PackageReference Include="TorchSharp" ExcludeAssets="runtime;native" />
          </ItemGroup>
        </Project>

        """;

    private const string LossOptions = """
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;

        namespace $NAME$;

        /// <summary>
        /// Options of <see cref="AlignUniformLoss"/>. Each public settable property is a YAML key (snake_case of its name);
        /// the host validates them from their attributes and <see cref="Validate"/> before anything runs, and
        /// <c>simlap describe align-uniform</c> lists them with these descriptions, defaults and ranges.
        /// </summary>
        public sealed class AlignUniformLossOptions : IValidatableObject
        {
            /// <summary>Exponent of the alignment term.</summary>
            [Description("Exponent alpha of the alignment term: mean ||z1 - z2||^alpha.")]
            [Range(1.0, 4.0)]
            public double Alpha { get; set; } = 2.0;

            /// <summary>Temperature of the uniformity term.</summary>
            [Description("Temperature t of the uniformity term: log mean exp(-t ||zi - zj||^2).")]
            [Range(0.01, 100.0)]
            public double Temperature { get; set; } = 2.0;

            /// <summary>Weight of the uniformity term.</summary>
            [Description("Weight of the uniformity term against the alignment term.")]
            [Range(0.0, 10.0)]
            public double UniformityWeight { get; set; } = 1.0;

            /// <inheritdoc />
            public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
            {
                if (UniformityWeight == 0.0)
                {
                    yield return new ValidationResult(
                        "0 leaves alignment alone, which every constant embedding minimises (collapse); use at least 0.1.",
                        [nameof(UniformityWeight)]);
                }
            }
        }

        """;

    private const string Loss = """
        using SimLap.Contracts.Components;
        using SimLap.Contracts.Model;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace $NAME$;

        /// <summary>
        /// Alignment and uniformity on the hypersphere (Wang and Isola, 2020): pulls the two views of each image together
        /// and spreads all embeddings out. <c>loss: { type: align-uniform, alpha: 2, temperature: 2 }</c> in an experiment.
        /// </summary>
        /// <remarks>
        /// A component implements one contract (<see cref="ILoss"/> here), carries <see cref="SimLapComponentAttribute"/>
        /// with its YAML name, and has one public constructor (options, <see cref="ComponentContext"/>): its first parameter's type is the options class.
        /// Use tensors only (no per-element C# loops), and the context's generator for anything random.
        /// This loss uses only the two views; <see cref="LossInput.Pairs"/> and <see cref="LossInput.Gates"/> carry the
        /// pair sampler's positives and the subspace head's gates for losses that need them.
        /// </remarks>
        [SimLapComponent("align-uniform", Description = "Alignment + uniformity of L2-normalised embeddings (Wang & Isola 2020).")]
        public sealed class AlignUniformLoss(AlignUniformLossOptions options, ComponentContext context) : ILoss
        {
            /// <summary>The options this loss was built with.</summary>
            public AlignUniformLossOptions Options { get; } = options;

            /// <summary>The context this loss was built with.</summary>
            public ComponentContext Context { get; } = context;

            /// <inheritdoc />
            public nn.Module Network { get; } = nn.Sequential();

            /// <inheritdoc />
            public LossOutput Compute(LossInput input)
            {
                var z1 = nn.functional.normalize(input.View1, p: 2.0, dim: 1);
                var z2 = nn.functional.normalize(input.View2, p: 2.0, dim: 1);
                var alignment = z1.sub(z2).square().sum(1).pow(Options.Alpha / 2.0).mean();
                var all = cat([z1, z2], 0);
                var squared = cdist(all, all).square();
                var offDiagonal = ones_like(squared).triu(1).to_type(ScalarType.Bool);
                var uniformity = squared.masked_select(offDiagonal).mul(-Options.Temperature).exp().mean().log();
                var loss = alignment.add(uniformity.mul(Options.UniformityWeight));
                return new LossOutput(loss, new Dictionary<string, Tensor>
                {
                    ["alignment"] = alignment.detach(),
                    ["uniformity"] = uniformity.detach(),
                });
            }
        }

        """;

    private const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../../src/$NAME$/$NAME$.csproj" />
            <!-- Without the host, tests need TorchSharp and libtorch for real (hard-linked into the output). -->
            <PackageReference Include="SimLap.Contracts" />
            <!-- A null tracker, component contexts as the host builds them, gradient and shape checks. -->
            <PackageReference Include="SimLap.Contracts.Testing" />
            <PackageReference Include="TorchSharp" />
            <PackageReference Include="$LIBTORCH_PACKAGE$" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
            <Using Include="Xunit" />
          </ItemGroup>
        </Project>

        """;

    private const string LossTests = """
        using System.ComponentModel.DataAnnotations;
        using SimLap.Contracts.Model;
        using SimLap.Contracts.Testing;
        using TorchSharp;

        namespace $NAME$.Tests;

        public sealed class AlignUniformLossTests
        {
            [Fact]
            public void Aligned_spread_out_views_score_lower_than_misaligned_clustered_ones()
            {
                var loss = new AlignUniformLoss(new AlignUniformLossOptions(), TestContexts.Component());
                var generator = new torch.Generator(7, torch.CPU);
                var spread = torch.randn([64, 16], generator: generator);
                var clustered = torch.ones(64, 16).add(torch.randn([64, 16], generator: generator).mul(0.1));
                var other = torch.ones(64, 16).add(torch.randn([64, 16], generator: generator).mul(0.1));

                var good = loss.Compute(Input(spread, spread.clone()));
                var bad = loss.Compute(Input(clustered, other));

                Assert.Equal(0.0, good.Diagnostics["alignment"].item<float>(), 5);
                Assert.True(good.Loss.item<float>() < bad.Loss.item<float>(), $"{good.Loss.item<float>()} !< {bad.Loss.item<float>()}");
                Assert.True(float.IsFinite(bad.Loss.item<float>()));
            }

            [Fact]
            public void Options_without_uniformity_are_refused()
            {
                var options = new AlignUniformLossOptions { UniformityWeight = 0.0 };

                var results = new List<ValidationResult>();
                var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

                Assert.False(valid);
                Assert.Contains(nameof(AlignUniformLossOptions.UniformityWeight), Assert.Single(results).MemberNames);
            }

            private static LossInput Input(torch.Tensor view1, torch.Tensor view2)
            {
                var size = view1.shape[0];
                var labels = torch.arange(size, dtype: torch.ScalarType.Int64);
                var gates = torch.ones_like(view1);
                return new LossInput(view1, view2, PairAssignment.ForInstances(labels), gates, view1, view2);
            }
        }

        """;

    private const string Experiment = """
        # An experiment with the plugin's loss, on simlap's built-in synthetic data (SimCLR-style instance pairs, no gate).
        #   dotnet build -c Release && SIMLAP_PLUGIN_PATH=<folder holding $NAME$/> simlap run experiments/align-uniform.yaml
        name: $NAME$-align-uniform
        seed: 1
        data:      { type: synthetic, image_size: 32 }
        augment:   { type: simclr, crop_scale: [0.2, 1.0], grayscale_p: 0.0 }
        backbone:  { type: small-cnn, widths: [32, 64, 128] }
        projector: { type: mlp, layers: 2, hidden: 512, out: 128, last_norm: layer }
        pairs:     { type: instance }
        head:      { type: open }
        loss:      { type: align-uniform, alpha: 2.0, temperature: 2.0, uniformity_weight: 1.0 }
        train:
          epochs: 10
          batch_size: 128
          optimizer: { type: adam, lr: 1.0e-3, weight_decay: 5.0e-4 }
        eval:
          - { type: knn, k: 20, temperature: 0.07 }
        tracking: { experiment: $NAME$ }

        """;

    private const string Readme = """
        # $NAME$

        A plugin for SimLap.Framework: its components are named in experiment YAML like the built-in ones.

        | folder | what |
        |--------|------|
        | `src/$NAME$/` | the plugin: `AlignUniformLoss` (`loss: { type: align-uniform }`) and its options class |
        | `tests/$NAME$.Tests/` | xunit tests that run the loss on small tensors (with `SimLap.Contracts.Testing`) |
        | `experiments/align-uniform.yaml` | an experiment that trains with the loss |

        ## Build and test

        ```bash
        dotnet build
        dotnet test
        ```

        The plugin references `SimLap.Contracts` $CONTRACTS$ and `TorchSharp` $TORCHSHARP$ with
        `ExcludeAssets="runtime;native"`: the simlap host provides both (and libtorch) at run time, so the plugin's
        folder holds only its own DLL and its private dependencies. Keep those versions equal to the host's
        (`simlap plugins` shows the contracts version; `Directory.Packages.props` holds them). A host refuses a plugin
        built against another major version of the contracts. If `SimLap.Contracts` is not on nuget.org for you, pack it
        from the SimLap.Framework repository (`dotnet pack contracts -c Release -o <feed>` packs it with
        `SimLap.Contracts.Helpers` and `SimLap.Contracts.Testing`) and add the folder to `nuget.config`.

        The tests build components with `TestContexts.Component()` (a `ComponentContext` on the CPU with a seeded
        generator and a `NullTracker`) from `SimLap.Contracts.Testing`, which also has `ModuleChecks` (gradients reach
        every parameter) and `ShapeChecks` (output shape and finiteness). Pair assignments, whole-set features and
        subsets (`PairAssignment.ForClasses`, `extractor.Extract(set)`, `set.Subset(indices)`) are in
        `SimLap.Contracts.Helpers`: reference it from the plugin project (without `ExcludeAssets`) when a component uses them.

        ## Install and use

        A plugin folder is named after the plugin and holds its build output:

        ```bash
        dotnet publish src/$NAME$ -c Release -o ~/simlap-plugins/$NAME$
        export SIMLAP_PLUGIN_PATH=~/simlap-plugins          # absolute folders, separated by ':'
        simlap plugins                                       # path, version, contracts, SHA-256 and components
        simlap describe align-uniform                        # the options, defaults and ranges
        simlap run experiments/align-uniform.yaml
        ```

        Instead of `SIMLAP_PLUGIN_PATH`, an experiment may name plugin folders (relative to the file) and pin the
        plugin to the SHA-256 of its DLL, so a changed build refuses to run:

        ```yaml
        plugins:
          paths: [../plugins]
          pin: { $NAME$: <sha-256 from simlap plugins> }
        ```

        If another plugin registers a component of the same name, name the plugin too: `type: $NAME$:align-uniform`.

        ## Writing components

        A component is a public class that implements one contract (`IDataset`, `IAugmentation`, `IBackbone`,
        `IProjector`, `IPairSampler`, `ISubspaceHead`, `ILoss`, `IEvaluator`), carries
        `[SimLapComponent("name")]`, and has one public constructor `(Options options, ComponentContext context)`.
        Options are plain classes: public settable properties are the YAML keys, `[Range]` and `IValidatableObject`
        validate them before anything runs, `[Description]` documents them, `[FilePath]` resolves a relative path against
        the experiment file. Use the context's `Generator` for anything random, never the global one.

        ## Publish

        Ship the published folder (zip it as `$NAME$/`) or a NuGet package of it; users unpack it into a folder on
        `SIMLAP_PLUGIN_PATH` and may pin its SHA-256. Version the plugin with `<Version>` in `Directory.Build.props`.

        """;
}
