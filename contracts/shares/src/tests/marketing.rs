//! update_marketing, upload_logo and the marketing_info / download_logo queries (cw20-base
//! semantics).

use cosmwasm_std::Binary;
use cw20::{DownloadLogoResponse, EmbeddedLogo, Logo, LogoInfo, MarketingInfoResponse};
use modelfund::shares::{ExecuteMsg, QueryMsg};

use super::suite::*;
use crate::ContractError;

const SVG: &[u8] = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><svg></svg>";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

fn marketing_info(suite: &Suite) -> MarketingInfoResponse {
    suite.query(&QueryMsg::MarketingInfo {}).unwrap()
}

fn update(project: Option<&str>, description: Option<&str>, marketing: Option<&str>) -> ExecuteMsg {
    ExecuteMsg::UpdateMarketing {
        project: project.map(Into::into),
        description: description.map(Into::into),
        marketing: marketing.map(Into::into),
    }
}

fn svg(data: &[u8]) -> Logo {
    Logo::Embedded(EmbeddedLogo::Svg(Binary::from(data)))
}

fn png(data: &[u8]) -> Logo {
    Logo::Embedded(EmbeddedLogo::Png(Binary::from(data)))
}

#[test]
fn marketing_address_updates_clears_and_hands_over() {
    let mut suite = Suite::new();
    let (marketing, alice) = (suite.marketing.clone(), suite.alice.clone());
    let res = suite
        .exec(
            &marketing,
            &update(Some("https://tiny-llm.example"), Some("new text"), None),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "update_marketing");
    assert_eq!(wasm_attr(&res, "by"), marketing.to_string());
    let info = marketing_info(&suite);
    assert_eq!(info.project.as_deref(), Some("https://tiny-llm.example"));
    assert_eq!(info.description.as_deref(), Some("new text"));
    assert_eq!(info.marketing, Some(marketing.clone()));

    // Some("") clears a field, None leaves it
    suite
        .exec(&marketing, &update(None, Some(""), None))
        .unwrap();
    let info = marketing_info(&suite);
    assert_eq!(info.description, None);
    assert_eq!(info.project.as_deref(), Some("https://tiny-llm.example"));

    // hand the role to alice; the old address loses it
    suite
        .exec(&marketing, &update(None, None, Some(alice.as_str())))
        .unwrap();
    assert_eq!(marketing_info(&suite).marketing, Some(alice.clone()));
    suite.assert_rejected(
        &marketing,
        &update(Some("x"), None, None),
        ContractError::Unauthorized {},
    );
    suite.exec(&alice, &update(Some("y"), None, None)).unwrap();
}

#[test]
fn update_marketing_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (marketing, alice) = (suite.marketing.clone(), suite.alice.clone());
    suite.assert_rejected(
        &alice,
        &update(Some("x"), None, None),
        ContractError::Unauthorized {},
    );
    suite.assert_rejected_with(
        &marketing,
        &update(Some("x"), None, Some(BAD_ADDRESS)),
        is_bad_address,
    );
    suite.assert_nonpayable(&marketing, &update(Some("x"), None, None));

    // no marketing metadata at all: nobody may update it
    let mut bare = Suite::with(|msg| msg.marketing = None);
    let marketing = bare.marketing.clone();
    bare.assert_rejected(
        &marketing,
        &update(Some("x"), None, None),
        ContractError::Unauthorized {},
    );
    bare.assert_rejected(
        &marketing,
        &ExecuteMsg::UploadLogo(svg(SVG)),
        ContractError::Unauthorized {},
    );
}

#[test]
fn upload_logo_embedded_and_url() {
    let mut suite = Suite::new();
    let marketing = suite.marketing.clone();
    // the instantiate logo is a URL: nothing to download
    assert!(suite
        .query::<DownloadLogoResponse>(&QueryMsg::DownloadLogo {})
        .is_err());

    let res = suite
        .exec(&marketing, &ExecuteMsg::UploadLogo(svg(SVG)))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "upload_logo");
    assert_eq!(wasm_attr(&res, "by"), marketing.to_string());
    assert_eq!(marketing_info(&suite).logo, Some(LogoInfo::Embedded));
    let logo: DownloadLogoResponse = suite.query(&QueryMsg::DownloadLogo {}).unwrap();
    assert_eq!(logo.mime_type, "image/svg+xml");
    assert_eq!(logo.data.as_slice(), SVG);

    suite
        .exec(&marketing, &ExecuteMsg::UploadLogo(png(PNG)))
        .unwrap();
    let logo: DownloadLogoResponse = suite.query(&QueryMsg::DownloadLogo {}).unwrap();
    assert_eq!(logo.mime_type, "image/png");
    assert_eq!(logo.data.as_slice(), PNG);

    let url = "https://tiny-llm.example/logo.svg";
    suite
        .exec(&marketing, &ExecuteMsg::UploadLogo(Logo::Url(url.into())))
        .unwrap();
    assert_eq!(marketing_info(&suite).logo, Some(LogoInfo::Url(url.into())));
    assert!(suite
        .query::<DownloadLogoResponse>(&QueryMsg::DownloadLogo {})
        .is_err());
}

#[test]
fn upload_logo_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (marketing, alice) = (suite.marketing.clone(), suite.alice.clone());
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::UploadLogo(svg(SVG)),
        ContractError::Unauthorized {},
    );
    suite.assert_rejected(
        &marketing,
        &ExecuteMsg::UploadLogo(svg(b"<svg></svg>")),
        ContractError::InvalidXmlPreamble {},
    );
    suite.assert_rejected(
        &marketing,
        &ExecuteMsg::UploadLogo(png(b"GIF89a....")),
        ContractError::InvalidPngHeader {},
    );
    let mut big_svg = SVG.to_vec();
    big_svg.resize(5 * 1024 + 1, b' ');
    suite.assert_rejected(
        &marketing,
        &ExecuteMsg::UploadLogo(svg(&big_svg)),
        ContractError::LogoTooBig {},
    );
    let mut big_png = PNG.to_vec();
    big_png.resize(5 * 1024 + 1, 0);
    suite.assert_rejected(
        &marketing,
        &ExecuteMsg::UploadLogo(png(&big_png)),
        ContractError::LogoTooBig {},
    );
    suite.assert_nonpayable(&marketing, &ExecuteMsg::UploadLogo(svg(SVG)));
}
