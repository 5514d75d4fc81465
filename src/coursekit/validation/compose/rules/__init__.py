"""The compose rules beyond loading and the schema, one module per rule, named by code; ``RULES``
is the explicit list (CO001-CO005, loading and the schema, first)."""

from __future__ import annotations

from coursekit.validation.compose.rules import (
    co001_compose_yaml_syntax,
    co002_duplicate_yaml_key,
    co003_unsafe_yaml,
    co004_unknown_compose_key,
    co005_invalid_compose_value,
    co101_undefined_network,
    co102_undefined_volume,
    co103_undefined_secret,
    co104_undefined_config,
    co105_unknown_service_reference,
    co106_dependency_cycle,
    co107_service_without_image,
    co108_network_mode_with_networks,
    co109_invalid_healthcheck_test,
    co110_invalid_port,
    co111_invalid_duration,
    co112_invalid_interpolation,
    co113_missing_lab_file,
    co114_lab_path_outside_lab,
    co115_duplicate_container_name,
    co201_obsolete_version_key,
    co202_service_image_without_tag,
    co203_service_image_latest_tag,
    co204_service_image_end_of_life,
    co205_host_port_published_twice,
    co206_privileged_service,
    co207_docker_socket_mounted,
    co208_host_network_mode,
    co250_service_image_near_end_of_life,
)

#: Rules of the loading step: they look at the YAML before there is a document
LOAD_RULES = (co001_compose_yaml_syntax.RULE, co002_duplicate_yaml_key.RULE, co003_unsafe_yaml.RULE)
#: Rules of a loaded document, in the order the checker runs them
DOCUMENT_RULES = (
    co004_unknown_compose_key.RULE,
    co005_invalid_compose_value.RULE,
    co101_undefined_network.RULE,
    co102_undefined_volume.RULE,
    co103_undefined_secret.RULE,
    co104_undefined_config.RULE,
    co105_unknown_service_reference.RULE,
    co106_dependency_cycle.RULE,
    co107_service_without_image.RULE,
    co108_network_mode_with_networks.RULE,
    co109_invalid_healthcheck_test.RULE,
    co110_invalid_port.RULE,
    co111_invalid_duration.RULE,
    co112_invalid_interpolation.RULE,
    co113_missing_lab_file.RULE,
    co114_lab_path_outside_lab.RULE,
    co115_duplicate_container_name.RULE,
    co201_obsolete_version_key.RULE,
    co202_service_image_without_tag.RULE,
    co203_service_image_latest_tag.RULE,
    co204_service_image_end_of_life.RULE,
    co205_host_port_published_twice.RULE,
    co206_privileged_service.RULE,
    co207_docker_socket_mounted.RULE,
    co208_host_network_mode.RULE,
    co250_service_image_near_end_of_life.RULE,
)
RULES = LOAD_RULES + DOCUMENT_RULES
