"""One typed config for every script: YAML file, then dotted command-line overrides.

A run is fully described by a :class:`RunConfig` (:mod:`.schema`), frozen once validated. Scripts load it
with :func:`load_config` (file + ``key.sub=value`` overrides, :mod:`.loading`), and every trained model
folder carries the resolved config as ``run_config.yaml`` so that evaluation, prediction and publishing
repeat nothing.
"""
from arabert_ner.config.loading import (RUN_CONFIG_NAME, ConfigKey, build_config, config_keys, config_to_yaml,
                                        describe_fields, load_config, load_run_config, parse_override, read_yaml,
                                        replace_config, save_config)
from arabert_ner.config.schema import (CasualtiesConfig, DataConfig, DistillationConfig, Flag, IncidentsConfig,
                                       InferenceConfig, LabelsConfig, ModelConfig, NormalizationConfig, RunConfig,
                                       ServingConfig, TrainingConfig, validate)

__all__ = ["RUN_CONFIG_NAME", "CasualtiesConfig", "ConfigKey", "DataConfig", "DistillationConfig", "Flag",
           "IncidentsConfig", "InferenceConfig", "LabelsConfig", "ModelConfig", "NormalizationConfig", "RunConfig",
           "ServingConfig", "TrainingConfig", "build_config", "config_keys", "config_to_yaml", "describe_fields",
           "load_config", "load_run_config", "parse_override", "read_yaml", "replace_config", "save_config",
           "validate"]
