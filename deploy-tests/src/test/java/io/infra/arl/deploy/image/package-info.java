/** Tests of what the images in deploy/docker ship, built without a Docker engine. */
package io.infra.arl.deploy.image;
