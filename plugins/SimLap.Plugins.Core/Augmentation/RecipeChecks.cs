using SimLap.Contracts.Components;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>What the view recipes check when they are built.</summary>
internal static class RecipeChecks
{
    /// <summary>Checks the options against the data set (when known) and creates the pipeline.</summary>
    public static ViewPipeline Create(ViewAugmentationOptions options, ComponentContext context)
    {
        if (context.Data is { } data)
        {
            OptionRules.CheckNormalizeChannels(options.NormalizeMean, data.Channels);
        }

        return new ViewPipeline(options, context.Generator);
    }
}
