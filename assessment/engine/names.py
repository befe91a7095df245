"""The contract's names (FORMATS.md sections 1 and 2): titles, figures, declarations, dimensions.

Names only, no model and no rule: the input model (`assessment.engine.indicators`), the policy
model (`assessment.engine.policy`) and every output's vocabulary (`assessment.present.vocabulary`)
read them from here. Importing this module loads nothing else, so a command that only needs the
words (the member-file reader, the CLI's messages) does not wait for pydantic.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "DECLARATION_KEYS",
    "DIMENSIONS",
    "DIMENSION_EN",
    "FIGURE_KEYS",
    "RECENT_YEARS",
    "TITLE_KEYS",
    "Dimension",
    "Title",
]

Title = Literal[
    "national_champions",
    "provincial_champions",
    "municipal_champions",
    "little_giants",
    "specialized_smes",
    "innovative_smes",
    "high_tech_enterprises",
    "chain_leaders",
]
TITLE_KEYS: tuple[str, ...] = Title.__args__  # type: ignore[attr-defined]

FIGURE_KEYS: tuple[str, ...] = (
    "area_km2",
    "output_by_year",
    "output_growth_pct",
    "sme_output_share_pct",
    "leading_industry_output_share_pct",
    "sme_rd_growth_pct",
    "invention_patent_growth_pct",
    "sme_invention_patent_growth_pct",
    "invention_patents_per_10k_employees",
    "sme_invention_patents_per_10k_employees",
    "industrial_internet_adoption_pct",
    "sme_industrial_internet_adoption_pct",
    "innovation_platforms",
    "standards_participated",
)

DECLARATION_KEYS: tuple[str, ...] = (
    "no_major_incidents",
    "industry_policy_aligned",
    "pillar_industry",
    "leading_position",
    "brand_recognition",
    "supply_chain_collaboration",
    "supply_chain_map",
    "sharing_mechanisms",
    "advanced_cluster_cooperation",
    "innovation_cooperation",
    "multi_innovation_platforms",
    "standards_work",
    "key_technology_breakthroughs",
    "digital_infrastructure",
    "digital_diagnosis",
    "production_data_connected",
    "industrial_internet_security",
    "adoption_rising",
    "green_development",
    "green_service_mechanism",
    "energy_intensive_industry",
    "energy_efficiency_above_benchmark",
    "water_intensive_industry",
    "water_efficiency_above_benchmark",
    "international_cooperation",
    "overseas_expansion",
    "operating_body",
    "public_service_institution",
    "service_specialist_team",
    "appeal_mechanism",
    "policy_full_coverage",
    "development_plan",
    "growth_exemption_claimed",
    "gradient_cultivation",
    "within_county_level_area",
    "cloud_platform_results",
    "new_models_innovation",
    "key_link_support",
    "public_service_system",
    "digital_services_introduced",
    "domestic_cooperation",
    "green_indicators_sound",
    "recognized_national_cluster",
    "recognized_provincial_cluster",
)

# 近三年 (FORMATS.md sections 1 and 3): the latest three consecutive years; growth is derived over
# these only, from the first to the third of them
RECENT_YEARS = 3

Dimension = Literal[
    "核心竞争力",
    "梯度培育",
    "产业链供应链",
    "协同创新",
    "数字化",
    "绿色化",
    "开放合作",
    "治理服务",
    "依法合规",
]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]
DIMENSION_EN: dict[str, str] = {
    "依法合规": "Compliance",
    "核心竞争力": "Core competitiveness",
    "梯度培育": "Enterprise tiers",
    "产业链供应链": "Industry & supply chain",
    "协同创新": "Collaborative innovation",
    "数字化": "Digitalisation",
    "绿色化": "Green development",
    "开放合作": "Openness & cooperation",
    "治理服务": "Governance & services",
}
